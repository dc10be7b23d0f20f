import type { IngestFact } from './ingest-facts';
import { BATCH_PATH } from './ingest-facts';
import type { IngestOutcome } from './ingest-load';
import type { LoggedEvent } from './log-snapshot';
import { occurrences } from './log-snapshot';

/** One 2xx answer for one fact. */
export interface Acknowledgement {
  status: 200 | 201;
  eventId: string;
  recorded: boolean;
}

const EVENT_TYPES = { bounce: 'BounceReceived', delivery: 'DeliverySucceeded' } as const;

/** Every 2xx answer the service gave, per fact, and every answer outside the contract. */
export class AcknowledgementLedger {
  private readonly answers = new Map<IngestFact, Acknowledgement[]>();
  /** Answers no well-formed fact should get (4xx, 5xx, a 2xx without an event id), described. */
  readonly unexpected: string[] = [];

  /** Files one outcome; returns the facts it left without an HTTP answer, for the caller to send again. */
  record(outcome: IngestOutcome): IngestFact[] {
    const { request, status, body } = outcome;
    if (status === undefined) {
      return request.facts;
    }
    if (request.path !== BATCH_PATH) {
      request.facts.forEach((fact) => this.answer(fact, status, body));
      return [];
    }
    if (status !== 200 || !Array.isArray(body?.results)) {
      this.unexpected.push(`a batch was answered ${status}: ${JSON.stringify(body)?.slice(0, 300)}`);
      return [];
    }
    request.facts.forEach((fact, index) => {
      const item = body.results[index];
      this.answer(fact, item?.status, item?.result ?? item?.error);
    });
    return [];
  }

  answersFor(fact: IngestFact): readonly Acknowledgement[] {
    return this.answers.get(fact) ?? [];
  }

  get acknowledgedFacts(): number {
    return this.answers.size;
  }

  /**
   * What the log must show for the answers given: a fact answered 201, and a bounce answered at all, exactly once,
   * under the id it was answered with and with the data that was sent; a delivery answered only 200 at most once
   * (it may have changed nothing and gone unrecorded). One fact never gets two 201s, nor two different ids.
   */
  problemsWith(log: readonly LoggedEvent[]): string[] {
    const counts = occurrences(log);
    const byId = new Map(log.map((event) => [event.eventId, event]));
    const problems: string[] = [];
    for (const [fact, answers] of this.answers) {
      const ids = new Set(answers.map((answer) => answer.eventId));
      const created = answers.filter((answer) => answer.status === 201).length;
      const [eventId] = ids;
      const found = eventId === undefined ? 0 : (counts.get(eventId) ?? 0);
      const label = `${fact.type} ${fact.body.messageId ?? fact.body.eventId ?? ''} (${answers.map((a) => a.status).join()})`;
      if (ids.size !== 1) {
        problems.push(`${label} was answered with ${ids.size} ids`);
      } else if (created > 1) {
        problems.push(`${label} was answered 201 ${created} times`);
      } else if ((created === 1 || fact.type === 'bounce') && found !== 1) {
        problems.push(`${label} is in the log ${found} times, not once`);
      } else if (found > 1) {
        problems.push(`${label} is in the log ${found} times`);
      } else if (found === 1 && !sameFact(fact, byId.get(eventId ?? ''))) {
        problems.push(`${label} is logged with other data: ${JSON.stringify(byId.get(eventId ?? ''))}`);
      }
    }
    return problems;
  }

  /** Facts in the log that no answer named: once every sent fact has been answered, there must be none. */
  unclaimedIn(log: readonly LoggedEvent[]): LoggedEvent[] {
    const claimed = new Set<string>();
    for (const answers of this.answers.values()) {
      answers.forEach((answer) => claimed.add(answer.eventId));
    }
    const factTypes = new Set<string>(Object.values(EVENT_TYPES));
    return log.filter((event) => factTypes.has(event.type) && !claimed.has(event.eventId));
  }

  private answer(fact: IngestFact, status: unknown, body: any): void {
    if (
      (status === 200 || status === 201) &&
      typeof body?.eventId === 'string' &&
      typeof body?.recorded === 'boolean'
    ) {
      const answers = this.answers.get(fact) ?? [];
      answers.push({ status, eventId: body.eventId, recorded: body.recorded });
      this.answers.set(fact, answers);
    } else {
      this.unexpected.push(
        `${fact.type} for ${fact.body.address} was answered ${String(status)}: ${JSON.stringify(body)}`,
      );
    }
  }
}

function sameFact(fact: IngestFact, logged: LoggedEvent | undefined): boolean {
  return (
    logged !== undefined &&
    logged.type === EVENT_TYPES[fact.type] &&
    logged.data.address === fact.body.address &&
    logged.data.occurredAt === fact.body.occurredAt &&
    logged.data.messageId === fact.body.messageId
  );
}
