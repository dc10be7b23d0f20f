import type { CheckedStatus } from '@app/read-model';
import type { ScreenedAddresses } from './check-suppressions.request';
import type { InvalidAddressResult } from './suppression.response';

const COMMA = 0x2c;
const ADDRESS_FIELD = '{"address":';
const ADDRESS_OPEN = Buffer.from(`${ADDRESS_FIELD}"`, 'latin1');
/** More than the longest end of a result after its address: `","suppressed":false,"status":"soft_bouncing"},`. */
const RESULT_END_ALLOWANCE = 50;

/** The end of a result after its address's JSON string, and the same with the string's closing quote first. */
interface ResultEnd {
  bare: Buffer;
  quoted: Buffer;
}

/**
 * Results' ends by answer: `"suppressed"` and `"status"`, as the OpenAPI document orders them. Statuses come from a
 * handful of words, so the table stays small.
 */
const RESULT_ENDS = { true: new Map<string, ResultEnd>(), false: new Map<string, ResultEnd>() };

function resultEnd(checked: CheckedStatus): ResultEnd {
  const ends = checked.suppressed ? RESULT_ENDS.true : RESULT_ENDS.false;
  let end = ends.get(checked.status);
  if (end === undefined) {
    const bare = `,"suppressed":${checked.suppressed},"status":${JSON.stringify(checked.status)}}`;
    end = { bare: Buffer.from(bare, 'utf8'), quoted: Buffer.from(`"${bare}`, 'utf8') };
    ends.set(checked.status, end);
  }
  return end;
}

/** JSON written into one buffer that grows when the estimate falls short (only text with escapes can pass it). */
class JsonBytes {
  private buffer: Buffer;
  private length = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  /** Printable ASCII without quotes or backslashes: JSON holds it as it is. */
  plain(text: string): void {
    this.reserve(text.length);
    this.length += this.buffer.write(text, this.length, 'latin1');
  }

  /** Any text, as a JSON string with its quotes and escapes. */
  string(text: string): void {
    const json = JSON.stringify(text);
    this.reserve(Buffer.byteLength(json, 'utf8'));
    this.length += this.buffer.write(json, this.length, 'utf8');
  }

  bytes(bytes: Buffer): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  byte(byte: number): void {
    this.reserve(1);
    this.buffer[this.length++] = byte;
  }

  written(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(size: number): void {
    if (this.length + size <= this.buffer.length) {
      return;
    }
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + size));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

function writeInvalid(json: JsonBytes, result: InvalidAddressResult): void {
  json.plain(ADDRESS_FIELD);
  json.string(result.address);
  json.plain(',"suppressed":true,"status":"invalid","reason":');
  json.string(result.reason);
  json.plain('}');
}

/**
 * The bulk check's answer, `{"results":[...]}` with one result per address in request order, written straight into
 * one buffer: `statuses` answers `screened.lookups` one by one, and a malformed address gets its own result. The
 * bytes are those JSON.stringify gives for the same results with their fields in the OpenAPI document's order
 * (address, suppressed, status, reason), without an object per address or a string of thirty thousand pieces.
 */
export function checkAnswerJson(
  addresses: readonly string[],
  { lookups, invalid, normalised }: ScreenedAddresses,
  statuses: readonly CheckedStatus[],
): Buffer {
  if (statuses.length !== lookups.length || lookups.length + invalid.size !== addresses.length) {
    throw new Error(
      `bulk check: ${statuses.length} answers for ${lookups.length} lookups of ${addresses.length} addresses ` +
        `(${invalid.size} malformed)`,
    );
  }
  let estimate = 16;
  for (const lookup of lookups) {
    estimate += ADDRESS_FIELD.length + lookup.length + 1 + RESULT_END_ALLOWANCE;
  }
  const json = new JsonBytes(estimate);
  json.plain('{"results":[');
  let lookup = 0;
  // The answers are shared objects, mostly one after another the same: its end is looked up again only on a change.
  let lastStatus: CheckedStatus | undefined;
  let lastEnd: ResultEnd = { bare: Buffer.alloc(0), quoted: Buffer.alloc(0) };
  for (let position = 0; position < addresses.length; position++) {
    if (position > 0) {
      json.byte(COMMA);
    }
    const malformed = invalid.size === 0 ? undefined : invalid.get(position);
    if (malformed !== undefined) {
      writeInvalid(json, malformed);
      continue;
    }
    const address = lookups[lookup] ?? '';
    const checked = statuses[lookup] as CheckedStatus;
    if (checked !== lastStatus) {
      lastStatus = checked;
      lastEnd = resultEnd(checked);
    }
    if (normalised.size !== 0 && normalised.has(lookup)) {
      json.plain(ADDRESS_FIELD);
      json.string(address);
      json.bytes(lastEnd.bare);
    } else {
      json.bytes(ADDRESS_OPEN);
      json.plain(address);
      json.bytes(lastEnd.quoted);
    }
    lookup++;
  }
  json.plain(']}');
  return json.written();
}
