import type { SkippedCounts } from '@app/recipients';
import type { SimulationReport } from '@app/replay';

/** A number of passed-over events and the words after it, told whether there was one: "of erased recipients". */
type Reason = [count: number, words: (one: boolean) => string];

const ERASED = (): string => 'of erased recipients';

/** What a rebuild passed over, in words: "skipped 3 events of erased recipients and 12 that are not this service's". */
export function describeRebuildSkipped({ erased, notThisService }: SkippedCounts): string {
  return describe([
    [erased, ERASED],
    [notThisService, (one) => `that ${one ? 'is' : 'are'} not this service's`],
  ]);
}

/** What a simulation passed over: "skipped 3 events of erased recipients and 2 of types this service does not know". */
export function describeSimulationSkipped({ erased, unknownType }: SimulationReport['skippedEventsBy']): string {
  return describe([
    [erased, ERASED],
    [unknownType, (one) => `of ${one ? 'a type' : 'types'} this service does not know`],
  ]);
}

function describe(reasons: readonly Reason[]): string {
  const parts = reasons
    .filter(([count]) => count > 0)
    // After the first reason the noun is understood: "3 events of erased recipients and 12 that are not ...".
    .map(([count, words], index) => {
      const noun = index > 0 ? '' : count === 1 ? ' event' : ' events';
      return `${count.toLocaleString('en-US')}${noun} ${words(count === 1)}`;
    });
  return parts.length === 0 ? 'no events skipped' : `skipped ${parts.join(' and ')}`;
}
