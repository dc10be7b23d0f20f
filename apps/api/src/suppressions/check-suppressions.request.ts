import { ApiProperty } from '@nestjs/swagger';
import { normaliseAddress } from '@app/domain';
import { ArrayMinSize, ArrayMaxSize, IsArray, IsString } from '@app/recipients';
import { bodySchemaOf } from '../http/body-schema';
import { isInNormalForm } from './normal-form-address';
import type { InvalidAddressResult } from './suppression.response';

export const MAX_BULK_CHECK = 10_000;

export class CheckSuppressionsRequest {
  @ApiProperty({
    type: [String],
    maxItems: MAX_BULK_CHECK,
    example: ['jane@example.com', 'joe@example.org'],
    description: 'Answered one by one, in order: a malformed address gets its own `invalid` result',
  })
  @IsArray({ message: 'addresses must be an array of strings' })
  @ArrayMinSize(1, { message: 'addresses must not be empty' })
  @ArrayMaxSize(MAX_BULK_CHECK, { message: `addresses may hold at most ${MAX_BULK_CHECK} entries` })
  @IsString({ each: true, message: 'addresses must hold strings only' })
  addresses!: string[];
}

/**
 * The bulk check's route schema: the body checked by Fastify's compiled validator (read off the DTO). The answer is
 * written straight into bytes (`checkAnswerJson`), not serialised from objects.
 */
export const CHECK_SUPPRESSIONS_SCHEMA = { body: bodySchemaOf(CheckSuppressionsRequest) };

/** The addresses of a bulk check split into those worth looking up and, by position, the answers for malformed ones. */
export interface ScreenedAddresses {
  /** Normalised, in request order, malformed ones left out. */
  lookups: string[];
  /** Request position -> the answer for a malformed address, in ascending position. */
  invalid: Map<number, InvalidAddressResult>;
  /**
   * Indexes into `lookups` of the addresses that were not in normal form as sent: what normalisation made of them may
   * need escaping in JSON, while an address in normal form is printable ASCII without quotes or backslashes.
   */
  normalised: Set<number>;
}

/** A malformed address is one caller's typo, not a reason to leave the other 9,999 unanswered. */
export function screenAddresses(addresses: readonly string[]): ScreenedAddresses {
  const screened: ScreenedAddresses = { lookups: [], invalid: new Map(), normalised: new Set() };
  for (let index = 0; index < addresses.length; index++) {
    const address = addresses[index] ?? '';
    if (isInNormalForm(address)) {
      screened.lookups.push(address);
      continue;
    }
    const result = normaliseAddress(address);
    if (result.ok) {
      screened.normalised.add(screened.lookups.length);
      screened.lookups.push(result.address);
    } else {
      screened.invalid.set(index, { address, status: 'invalid', suppressed: true, reason: result.message });
    }
  }
  return screened;
}
