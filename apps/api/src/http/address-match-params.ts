import { normaliseAddress } from '@app/domain';
import { Text } from './field-decorators';
import { ProblemError } from './problem-details';

/** The address filters every list takes: a prefix of the address, or its domain. */
export class AddressMatchParams {
  @Text(254, {
    optional: true,
    example: 'jane',
    description: 'Only addresses that start with this text (compared with the lower-cased address, literally)',
  })
  prefix?: string;

  @Text(253, {
    optional: true,
    example: 'example.com',
    description: 'Only addresses at this domain (not its subdomains)',
  })
  domain?: string;
}

/** The read model's form of the filters: addresses are stored lower-cased, their domains as the address rules write them. */
export function addressMatchFilter({ prefix, domain }: AddressMatchParams): {
  addressPrefix?: string;
  domain?: string;
} {
  return {
    ...(prefix === undefined ? {} : { addressPrefix: prefix.trim().toLowerCase() }),
    ...(domain === undefined ? {} : { domain: normalisedDomain(domain) }),
  };
}

/** A domain as addresses carry it (lower case, IDNA as the address rules write it); a bad one is the caller's 400. */
function normalisedDomain(domain: string): string {
  const result = normaliseAddress(`postmaster@${domain.trim()}`);
  if (!result.ok) {
    throw ProblemError.badRequest(`domain is not a valid domain: ${result.message}`, [
      { field: 'domain', message: result.message },
    ]);
  }
  return result.address.slice(result.address.lastIndexOf('@') + 1);
}
