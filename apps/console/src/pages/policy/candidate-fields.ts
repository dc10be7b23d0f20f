import type { PolicyDocument } from '../../api/types';

/** The candidate as the editor holds it: every field as typed, so a bad value reaches the API and is named there. */
export interface CandidateFields {
  version: string;
  hardBounceAction: string;
  limit: string;
  window: string;
  quarantineAt: string;
  quarantineFor: string;
  undetermined: string;
  restoreOnDelivery: boolean;
  deliveryHeartbeat: string;
  overrides: string;
}

export function fieldsOf(policy: PolicyDocument): CandidateFields {
  return {
    version: policy.version,
    hardBounceAction: policy.hardBounce.action,
    limit: String(policy.softBounce.limit),
    window: policy.softBounce.window,
    quarantineAt: String(policy.softBounce.quarantineAt),
    quarantineFor: policy.softBounce.quarantineFor,
    undetermined: policy.undetermined,
    restoreOnDelivery: policy.restoreOnDelivery,
    deliveryHeartbeat: policy.deliveryHeartbeat,
    overrides: JSON.stringify(policy.overrides, null, 2),
  };
}

/** A number where the text is one, the text itself otherwise (the API then says what it expected). */
const numberOrText = (text: string): number | string => (/^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text);

export type CandidateResult = { ok: true; document: PolicyDocument } | { ok: false; field: string; message: string };

/** The policy document for the API; the overrides must at least be JSON, which only the editor can tell. */
export function documentOf(fields: CandidateFields): CandidateResult {
  let overrides: unknown;
  try {
    overrides = JSON.parse(fields.overrides);
  } catch (error) {
    return { ok: false, field: 'overrides', message: `not valid JSON: ${(error as Error).message}` };
  }
  return {
    ok: true,
    document: {
      version: fields.version,
      // Each field goes as typed, even where it is not one of the values the document allows: the API names it.
      hardBounce: { action: fields.hardBounceAction as PolicyDocument['hardBounce']['action'] },
      softBounce: {
        limit: numberOrText(fields.limit) as number,
        window: fields.window,
        quarantineAt: numberOrText(fields.quarantineAt) as number,
        quarantineFor: fields.quarantineFor,
      },
      undetermined: fields.undetermined as PolicyDocument['undetermined'],
      restoreOnDelivery: fields.restoreOnDelivery,
      deliveryHeartbeat: fields.deliveryHeartbeat,
      overrides: overrides as PolicyDocument['overrides'],
    },
  };
}
