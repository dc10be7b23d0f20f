import type { RecipientCommand } from '@app/domain';
import type { IntakeCommand } from '@app/intake';
import { recipientCommandOf as commandFor } from '@app/intake';
import { normalisedAddress } from '../recipients/normalised-address';

/**
 * The domain command an intake command stands for, its address normalised exactly as the JSON endpoints normalise
 * theirs; an address the domain refuses throws the same 400 problem, which the caller reports for this item alone.
 */
export function recipientCommandOf(intake: IntakeCommand): RecipientCommand {
  return commandFor(intake, normalisedAddress(intake.address));
}
