/**
 * The body of a `message/delivery-status` or `message/feedback-report` part: header-style fields in groups separated
 * by blank lines (RFC 3464 §2.1, RFC 5965 §3.1). Field names are case-insensitive; a field may repeat.
 */
export type FieldGroup = ReadonlyMap<string, readonly string[]>;

const FIELD = /^([!-9;-~]+)[ \t]*:[ \t]*(.*)$/;

export function readFieldGroups(text: string): FieldGroup[] {
  const groups: FieldGroup[] = [];
  let group = new Map<string, string[]>();
  let last: { name: string; values: string[] } | undefined;
  for (const line of text.split(/\r\n?|\n/)) {
    if (line.trim() === '') {
      if (group.size > 0) {
        groups.push(group);
      }
      group = new Map();
      last = undefined;
    } else if (/^[ \t]/.test(line)) {
      // A folded continuation: RFC 5322 unfolding keeps one space between the joined pieces.
      if (last !== undefined) {
        const index = last.values.length - 1;
        last.values[index] = `${last.values[index]} ${line.trim()}`.trim();
      }
    } else {
      const field = FIELD.exec(line);
      if (field !== null) {
        const name = field[1]!.toLowerCase();
        const values = group.get(name) ?? [];
        values.push(field[2]!.trim());
        group.set(name, values);
        last = { name, values };
      } else {
        last = undefined;
      }
    }
  }
  if (group.size > 0) {
    groups.push(group);
  }
  return groups;
}

export function firstField(group: FieldGroup, name: string): string | undefined {
  const value = group.get(name)?.[0];
  return value === undefined || value === '' ? undefined : value;
}

/** Drops RFC 5322 comments, "(bad destination mailbox address)" and the like, from a structured field value. */
export function withoutComments(value: string): string {
  let result = value;
  let previous;
  do {
    previous = result;
    result = result.replace(/\([^()]*\)/g, ' ');
  } while (result !== previous);
  return result.replace(/\s+/g, ' ').trim();
}

/** `dns; mx.example.net` → `mx.example.net`: the value of a typed field without its type. */
export function withoutType(value: string): string {
  const typed = /^[\w.-]+[ \t]*;[ \t]*(.*)$/.exec(value);
  return (typed === null ? value : typed[1]!).trim();
}
