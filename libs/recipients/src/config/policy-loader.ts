import { readFileSync } from 'node:fs';
import type { Policy } from '@app/domain';
import { defaultPolicy, parsePolicy } from '@app/domain';

export class PolicyFileError extends Error {
  override readonly name = 'PolicyFileError';
}

/** The policy in force at start: POLICY_FILE when given, else the defaults from the design. */
export function loadPolicyFile(path: string | undefined): Policy {
  if (path === undefined) {
    return defaultPolicy();
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PolicyFileError(`POLICY_FILE ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = parsePolicy(json);
  if (!result.ok) {
    const lines = result.errors.map((error) => `  ${error.field}: ${error.message}`);
    throw new PolicyFileError(`POLICY_FILE ${path} is not a valid policy:\n${lines.join('\n')}`);
  }
  return result.policy;
}
