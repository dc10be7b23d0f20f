import type { Classification } from '@app/domain';
import { BOUNCE_CLASSES, BOUNCE_REASONS, classifyBounce } from '@app/domain';
import { ClassificationJson } from './classification-json';

describe('ClassificationJson', () => {
  const rules = [
    'enhanced:5.1.1',
    'text:denied',
    'override:0',
    'provider:microsoft:submission-quota',
    'a "quoted" \\ rule',
  ];
  const every: Classification[] = rules.flatMap((rule) =>
    BOUNCE_CLASSES.flatMap((bounceClass) =>
      BOUNCE_REASONS.flatMap((reason) =>
        [true, false].map((countsAgainstRecipient) => ({
          class: bounceClass,
          reason,
          countsAgainstRecipient,
          rule,
          classifierVersion: '2026-12.1',
        })),
      ),
    ),
  );

  it('writes every combination of the fields as JSON.stringify does, asked once or again in any order', () => {
    const json = new ClassificationJson();
    const first = every.map((classification) => json.of(classification));
    const again = [...every].reverse().map((classification) => json.of({ ...classification }));
    expect(first).toEqual(every.map((classification) => JSON.stringify(classification)));
    expect(again).toEqual([...every].reverse().map((classification) => JSON.stringify(classification)));
  });

  it('tells apart answers that differ in one field under the same rule', () => {
    const json = new ClassificationJson();
    const base = classifyBounce({ smtp: { diagnostic: '550 5.1.1 user unknown' } });
    const variants: Classification[] = [
      base,
      { ...base, countsAgainstRecipient: !base.countsAgainstRecipient },
      { ...base, class: 'soft' },
      { ...base, reason: 'mailbox_full' },
      { ...base, classifierVersion: 'another' },
    ];
    const written = variants.map((classification) => json.of(classification));
    expect(new Set(written).size).toBe(variants.length);
    expect(written).toEqual(variants.map((classification) => JSON.stringify(classification)));
  });

  it('writes the fields in the order classifyBounce gives them, whatever the order of the object passed', () => {
    const json = new ClassificationJson();
    const base = classifyBounce({ smtp: { diagnostic: '552 5.2.2 mailbox full' } });
    const { classifierVersion, rule, countsAgainstRecipient, reason } = base;
    const reordered = { classifierVersion, rule, countsAgainstRecipient, reason, class: base.class };
    expect(json.of(reordered)).toBe(JSON.stringify(base));
  });
});
