/** SMTP replies by what the classifier makes of them under the default policy. */
export const SMTP_REPLIES = {
  hard: {
    replyCode: 550,
    enhancedStatus: '5.1.1',
    diagnostic: '550 5.1.1 <x>: Recipient address rejected: User unknown',
  },
  soft: { replyCode: 452, enhancedStatus: '4.2.2', diagnostic: '452 4.2.2 Mailbox full, over quota' },
  /** A reputation block: a real bounce that never counts against the recipient. */
  senderSide: {
    replyCode: 550,
    enhancedStatus: '5.7.1',
    diagnostic:
      "550 5.7.1 Messages from [203.0.113.7] weren't sent. Part of their network is on our block list (S3150).",
  },
} as const;

export type BounceKind = keyof typeof SMTP_REPLIES;

/** What the fact endpoints accept besides the bounce's evidence. */
export interface FactFields {
  address: string;
  occurredAt: string;
  eventId?: string;
  messageId?: string;
  source?: string;
}

/** One bounce or delivery as a sender of webhooks holds it: the same object is what it sends again on a retry. */
export type IngestFact =
  | { type: 'bounce'; kind: BounceKind; body: FactFields & { smtp: (typeof SMTP_REPLIES)[BounceKind] } }
  | { type: 'delivery'; body: FactFields };

export const FACT_PATHS = { bounce: '/v1/bounces', delivery: '/v1/deliveries' } as const;
export const BATCH_PATH = '/v1/events:batch';

/** One HTTP request carrying one fact, or several through the batch endpoint (`facts` in the order of its items). */
export interface IngestRequest {
  path: string;
  body: unknown;
  facts: IngestFact[];
}

export function bounce(kind: BounceKind, fields: FactFields): IngestFact {
  return { type: 'bounce', kind, body: { ...fields, smtp: SMTP_REPLIES[kind] } };
}

export function delivery(fields: FactFields): IngestFact {
  return { type: 'delivery', body: fields };
}

export function singleRequest(fact: IngestFact): IngestRequest {
  return { path: FACT_PATHS[fact.type], body: fact.body, facts: [fact] };
}

export function batchRequest(facts: IngestFact[]): IngestRequest {
  return { path: BATCH_PATH, body: { events: facts.map((fact) => ({ type: fact.type, ...fact.body })) }, facts };
}
