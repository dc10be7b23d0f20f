import type { AllowlistEntry, RecipientStatus, SuppressionCause } from '@app/domain';

/** A status the recorded events answer but a check does not, because the allowlist overrides it. */
export interface WithheldStatus {
  status: Exclude<RecipientStatus, 'deliverable' | 'soft_bouncing'>;
  cause?: SuppressionCause;
  /** The event of the history that led to it, when the note is about a history. */
  revision?: number;
}

/** Says in words why checks answer deliverable for an address whose recorded events say otherwise. */
export interface AllowlistNote {
  entry: string;
  kind: AllowlistEntry['kind'];
  by: string;
  reason: string;
  since: string;
  withheld: WithheldStatus;
  explanation: string;
}

/**
 * The note when the address is allowlisted and something was withheld; undefined otherwise (not allowlisted, or
 * nothing a check would have answered differently). An address kept on the do-not-send list gets none: erasure wins
 * over the allowlist, so checks answer suppressed there.
 */
export function allowlistNote(
  entry: AllowlistEntry | undefined,
  withheld: WithheldStatus | undefined,
  onDoNotSendList: boolean,
): AllowlistNote | undefined {
  if (entry === undefined || withheld === undefined || onDoNotSendList) {
    return undefined;
  }
  const status = withheld.cause === undefined ? withheld.status : `${withheld.status} (${withheld.cause})`;
  const recorded =
    withheld.revision === undefined
      ? `the recorded status is ${status}`
      : `the event at revision ${withheld.revision} made it ${status}`;
  const explanation =
    `Checks answer deliverable although ${recorded}: the address is allowlisted by the ${entry.kind} entry ` +
    `${entry.entry}, added by ${entry.by} on ${entry.since} ("${entry.reason}"). Bounces are still recorded and ` +
    'decided; removing the entry makes checks answer what was recorded.';
  const { entry: name, kind, by, reason, since } = entry;
  return { entry: name, kind, by, reason, since, withheld, explanation };
}

/** A status a check would answer "do not send" for. */
export function isWithholdable(status: RecipientStatus): status is WithheldStatus['status'] {
  return status === 'suppressed' || status === 'quarantined';
}
