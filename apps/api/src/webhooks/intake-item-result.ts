import type { IntakeCommand } from '@app/intake';

/** What became of one item of a webhook payload or one recipient of a bounce mail. */
export interface IntakeItemResult {
  /** The item's position among the outcomes the payload was read into, in payload order. */
  index: number;
  result: 'recorded' | 'duplicate' | 'ignored' | 'invalid';
  /** What the item reports, for recorded and duplicate items. */
  kind?: IntakeCommand['kind'];
  address?: string;
  eventId?: string;
  /** The recipient's status after a recorded (or duplicate) item. */
  status?: string;
  suppressed?: boolean;
  /** The log position a query's `Read-After` can wait for, for an item that went through the recipient's stream. */
  position?: string;
  /** Why an item was ignored (`deferred`, `open`, `unknown_type:<name>`, ...). */
  reason?: string;
  /** Where an invalid item is at fault, and what is wrong with it. */
  field?: string;
  message?: string;
}

export interface IntakeResults {
  results: IntakeItemResult[];
}
