import type { Classification } from '@app/domain';

/**
 * A classification as one line of JSON, exactly as `JSON.stringify` writes it. A run of `classify --stdin` gives a
 * few hundred distinct answers however many lines it reads, so each is written once and then looked up by its rule
 * and compared field by field, which costs a small fraction of serialising a new object per line.
 */
export class ClassificationJson {
  private readonly byRule = new Map<string, { readonly classification: Classification; readonly json: string }[]>();

  of(classification: Classification): string {
    const { rule } = classification;
    let written = this.byRule.get(rule);
    if (written === undefined) {
      written = [];
      this.byRule.set(rule, written);
    }
    for (let index = 0; index < written.length; index++) {
      const entry = written[index]!;
      if (sameAnswer(entry.classification, classification)) {
        return entry.json;
      }
    }
    // The fields in the order classifyBounce gives them, whatever the order of the object passed.
    const { class: bounceClass, reason, countsAgainstRecipient, classifierVersion } = classification;
    const copy: Classification = { class: bounceClass, reason, countsAgainstRecipient, rule, classifierVersion };
    const json = JSON.stringify(copy);
    written.push({ classification: copy, json });
    return json;
  }
}

function sameAnswer(a: Classification, b: Classification): boolean {
  return (
    a.class === b.class &&
    a.reason === b.reason &&
    a.countsAgainstRecipient === b.countsAgainstRecipient &&
    a.classifierVersion === b.classifierVersion
  );
}
