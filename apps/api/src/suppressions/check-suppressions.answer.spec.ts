import type { CheckedStatus } from '@app/read-model';
import { DELIVERABLE, QUARANTINED, SOFT_BOUNCING, SUPPRESSED } from '@app/read-model';
import { checkAnswerJson } from './check-suppressions.answer';
import { screenAddresses } from './check-suppressions.request';

/**
 * The reference: the results as objects, fields in the OpenAPI document's order (address, suppressed, status,
 * reason), through JSON.stringify, as the response schema's serialiser wrote them.
 */
function referenceJson(addresses: readonly string[], statuses: readonly CheckedStatus[]): string {
  const { lookups, invalid } = screenAddresses(addresses);
  let next = 0;
  const results = addresses.map((_, position) => {
    const malformed = invalid.get(position);
    if (malformed !== undefined) {
      const { address, suppressed, status, reason } = malformed;
      return { address, suppressed, status, reason };
    }
    const { suppressed, status } = statuses[next] as CheckedStatus;
    return { address: lookups[next++], suppressed, status };
  });
  return JSON.stringify({ results });
}

function answer(addresses: readonly string[], statuses: readonly CheckedStatus[]): string {
  return checkAnswerJson(addresses, screenAddresses(addresses), statuses).toString('utf8');
}

describe('the bulk check answer written as bytes', () => {
  it('is the JSON of the results, for every answer, between malformed addresses with characters JSON escapes', () => {
    const addresses = [
      'a@example.com',
      'not "an" address \\ at all',
      'B@Example.COM',
      'tab\there@example.com',
      'c@example.com',
      'jöe@example.com',
      '😀@example.com',
      'd@example.com',
      'x@xn--bcher-kva.example',
      'e+tag@sub.example.org',
      '',
    ];
    const lookups = screenAddresses(addresses).lookups;
    // The index's shared answers and, as the row path gives them, answers of their own with more fields.
    const pool: CheckedStatus[] = [
      DELIVERABLE,
      SUPPRESSED,
      SOFT_BOUNCING,
      QUARANTINED,
      { status: 'deliverable', suppressed: false, restored: true } as CheckedStatus,
      { status: 'suppressed', suppressed: true, cause: 'complaint' } as CheckedStatus,
    ];
    const statuses = lookups.map((_, index) => pool[index % pool.length] as CheckedStatus);
    expect(answer(addresses, statuses)).toBe(referenceJson(addresses, statuses));
    expect(JSON.parse(answer(addresses, statuses))).toEqual(JSON.parse(referenceJson(addresses, statuses)));
  });

  it('is the JSON of ten thousand addresses in a row answered alike or not', () => {
    const addresses = Array.from({ length: 10_000 }, (_, index) => `user${index}@example${index % 7}.com`);
    const alike = addresses.map(() => DELIVERABLE);
    const mixed = addresses.map((_, index) => (index % 3 === 0 ? SOFT_BOUNCING : DELIVERABLE));
    expect(answer(addresses, alike)).toBe(referenceJson(addresses, alike));
    expect(answer(addresses, mixed)).toBe(referenceJson(addresses, mixed));
  });

  it('grows past its estimate when malformed addresses take more bytes than it allowed for', () => {
    const addresses = [
      'a@example.com',
      ...Array.from({ length: 300 }, (_, index) => `${'名'.repeat(200)} ${index}`),
      'b@example.com',
    ];
    const statuses = [SUPPRESSED, DELIVERABLE];
    expect(answer(addresses, statuses)).toBe(referenceJson(addresses, statuses));
  });

  it('answers a request of nothing but malformed addresses', () => {
    expect(answer(['a', 'b'], [])).toBe(referenceJson(['a', 'b'], []));
  });

  it('refuses fewer answers than lookups rather than shift answers onto the wrong addresses', () => {
    const addresses = ['a@example.com', 'b@example.com', 'nope'];
    expect(() => checkAnswerJson(addresses, screenAddresses(addresses), [DELIVERABLE])).toThrow(
      /1 answers for 2 lookups of 3 addresses \(1 malformed\)/,
    );
  });
});
