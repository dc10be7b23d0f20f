import type { PolicyDocument } from '../../api/types';

/** A file name for the candidate that the shell and every file system take as it is. */
export function candidateFileName(candidate: PolicyDocument): string {
  const safe = candidate.version.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '');
  return `${safe === '' ? 'candidate' : safe}.json`;
}

/** Single-quoted for a POSIX shell: nothing inside is expanded. */
const quoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * The exact commands that adopt the candidate with the CLI on the service's host (same environment as the service):
 * write the candidate to a file, then `policy adopt` it. Running services follow the adoption at once.
 */
export function adoptionCommand(candidate: PolicyDocument, by: string): string {
  const file = candidateFileName(candidate);
  return [
    `cat > ${file} <<'POLICY'`,
    JSON.stringify(candidate, null, 2),
    'POLICY',
    `npx recipient-state policy adopt ${file} --by ${quoted(by)}`,
  ].join('\n');
}
