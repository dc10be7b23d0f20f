import type { SkippedCounts } from '@app/recipients';

const count = (value: number): string => value.toLocaleString('en-US');
const events = (value: number): string => `${count(value)} ${value === 1 ? 'event' : 'events'}`;

/** How many events were passed over and why, in words: "skipped 3 events of erased recipients and 12 that are ...". */
export function describeSkipped({ erased, notThisService }: SkippedCounts): string {
  const reasons: string[] = [];
  if (erased > 0) {
    reasons.push(`${events(erased)} of erased recipients`);
  }
  if (notThisService > 0) {
    // After the first reason the noun is understood: "3 events of erased recipients and 12 that are not ...".
    const subject = reasons.length > 0 ? count(notThisService) : events(notThisService);
    reasons.push(`${subject} that ${notThisService === 1 ? 'is' : 'are'} not this service's`);
  }
  return reasons.length === 0 ? 'no events skipped' : `skipped ${reasons.join(' and ')}`;
}
