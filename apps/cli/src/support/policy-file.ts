import { readFileSync } from 'node:fs';
import type { Policy } from '@app/domain';
import { parsePolicy } from '@app/domain';
import { CliError } from './cli-error';

/** Reads and validates a policy document, naming every invalid field. */
export function readPolicyFile(path: string): Policy {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(`cannot read policy ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = parsePolicy(json);
  if (!result.ok) {
    const lines = result.errors.map((error) => `  ${error.field}: ${error.message}`);
    throw new CliError(`policy ${path} is not valid:\n${lines.join('\n')}`);
  }
  return result.policy;
}
