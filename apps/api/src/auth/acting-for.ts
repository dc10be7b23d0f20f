import type { RecipientCommand } from '@app/domain';
import { ProblemError } from '../http/problem-details';
import { UNNAMED_LIFTER } from '../suppressions/lift-suppression.request';
import type { Actor } from './actor';

/**
 * A command that names who makes the change (`by`) is held to the token it came with: an unnamed lift is the token's
 * name, and a name other than the token's name or owner takes the admin scope (acting for someone else).
 */
export function actingFor<Command extends RecipientCommand>(command: Command, actor: Actor | undefined): Command {
  if (actor === undefined || !('by' in command)) {
    return command;
  }
  if (command.by === UNNAMED_LIFTER) {
    return { ...command, by: actor.name };
  }
  if (command.by === actor.name || command.by === actor.owner || actor.scopes.includes('admin')) {
    return command;
  }
  throw new ProblemError(
    403,
    'Forbidden',
    `by: ${command.by} is neither the token's name (${actor.name}) nor its owner (${actor.owner}); ` +
      'only a token holding admin records a change in the name of someone else',
    [{ field: 'by', message: `must be ${actor.name} or ${actor.owner}` }],
  );
}
