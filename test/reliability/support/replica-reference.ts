import { ControllableClock } from '../../support/controllable-clock';
import type { TestApp } from '../../support/test-app';
import { startTestApp } from '../../support/test-app';
import type { IngestFact } from './ingest-facts';
import { FACT_PATHS } from './ingest-facts';
import type { LoggedEvent } from './log-snapshot';
import { decisionLabel, DECISION_TYPES, isFact } from './replica-log';

/** What one process decides and answers for one recipient. */
export interface ReferenceRecipient {
  decisions: string[];
  answer: CheckAnswer;
}

export interface CheckAnswer {
  status: string;
  suppressed: boolean;
  cause?: string;
}

export const checkAnswer = (body: any): CheckAnswer => ({
  status: body?.status,
  suppressed: body?.suppressed,
  ...(body?.cause === undefined ? {} : { cause: body.cause }),
});

/**
 * The single-process reference: one embedded service (in this process, its own SQLite file) is sent each recipient's
 * facts one at a time, in the order the replicas' log holds them, and says what it decides and answers. A fact the
 * log holds twice is sent twice. Facts are found by message id, so a logged event no fact sent explains is reported.
 * Runs over different recipients share one reference.
 */
export class SingleProcessReference {
  private constructor(private readonly api: TestApp) {}

  static async start(): Promise<SingleProcessReference> {
    return new SingleProcessReference(await startTestApp({}, { clock: new ControllableClock(Date.now()) }));
  }

  async decide(
    log: readonly LoggedEvent[],
    sent: readonly IngestFact[],
  ): Promise<{ recipients: Map<string, ReferenceRecipient>; unexplained: string[] }> {
    const byMessage = new Map(sent.map((fact) => [`${fact.type}:${fact.body.messageId}`, fact]));
    const inLogOrder = new Map<string, IngestFact[]>();
    const unexplained: string[] = [];
    for (const event of log.filter(isFact)) {
      const type = event.type === 'BounceReceived' ? 'bounce' : 'delivery';
      const fact = byMessage.get(`${type}:${String(event.data.messageId)}`);
      if (fact === undefined) {
        // Another run's recipients share the log; only an event of this run's recipients must be explained.
        if (sent.some((candidate) => candidate.body.address === event.data.address)) {
          unexplained.push(`${event.type} ${event.eventId} matches no fact sent`);
        }
        continue;
      }
      const facts = inLogOrder.get(fact.body.address) ?? [];
      facts.push(fact);
      inLogOrder.set(fact.body.address, facts);
    }
    const recipients = new Map<string, ReferenceRecipient>();
    await Promise.all(
      [...inLogOrder].map(async ([address, facts]) => {
        recipients.set(address, await this.recipient(address, facts));
      }),
    );
    return { recipients, unexplained };
  }

  close(): Promise<void> {
    return this.api.close();
  }

  private async recipient(address: string, facts: readonly IngestFact[]): Promise<ReferenceRecipient> {
    for (const fact of facts) {
      const answer = await this.api.request('POST', FACT_PATHS[fact.type], fact.body);
      if (answer.status !== 200 && answer.status !== 201) {
        throw new Error(`The reference answered ${answer.status} to ${JSON.stringify(fact.body)}`);
      }
    }
    const path = encodeURIComponent(address);
    const history = await this.api.request('GET', `/v1/recipients/${path}/history`);
    const check = await this.api.request('GET', `/v1/suppressions/${path}`);
    return {
      decisions: (history.body.events as { type: string; data: Record<string, unknown> }[])
        .filter((entry) => DECISION_TYPES.has(entry.type))
        .map(decisionLabel),
      answer: checkAnswer(check.body),
    };
  }
}
