import { randomUUID } from 'node:crypto';

/** One event shaped like a recorded soft bounce: the payload every append benchmark writes, ours and baselines. */
export function bounceEvent(
  writer: number,
  sequence: number,
): { eventId: string; type: 'BounceReceived'; data: Record<string, unknown> } {
  return {
    eventId: randomUUID(),
    type: 'BounceReceived',
    data: {
      address: `user${writer}@example.com`,
      occurredAt: new Date().toISOString(),
      messageId: `m-${writer}-${sequence}`,
      smtp: { replyCode: 452, enhancedStatus: '4.2.2', diagnostic: '452 4.2.2 Mailbox full' },
      classification: { kind: 'soft', reason: 'mailbox_full' },
    },
  };
}
