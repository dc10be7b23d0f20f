import type { Command } from 'commander';
import type { AccessToken } from '@app/access';
import { AccessTokens, InvalidTokenRequestError, SCOPES } from '@app/access';
import { CliError } from './support/cli-error';
import { withCliContext } from './support/cli-context';

/** Who the token stream records as the issuer or revoker of changes made here. */
const CLI_ACTOR = 'cli';

interface CreateOptions {
  name: string;
  owner: string;
  scope: string[];
  expires?: string;
}

export function registerTokensCommand(program: Command): void {
  const tokens = program
    .command('tokens')
    .description('Manage API tokens (kept as events; a running service sees changes at once)');
  tokens
    .command('create')
    .description('Issue a token and print its secret, once: only its hash is kept')
    .requiredOption('--name <name>', 'what the token is for; recorded as the actor of what it does')
    .requiredOption('--owner <owner>', 'who answers for it')
    .requiredOption('--scope <scope...>', `one or more of ${SCOPES.join(', ')}`)
    .option('--expires <time>', 'ISO-8601 time it stops working (default: never)')
    .action((options: CreateOptions) => runCreate(options));
  tokens
    .command('list')
    .description('Every token issued, with its scopes, expiry and revocation; never a secret')
    .action(() => runList());
  tokens
    .command('revoke')
    .description('Revoke a token: every replica refuses it from then on')
    .argument('<id>', 'the token id, as tokens list shows it')
    .action((id: string) => runRevoke(id));
}

async function withTokens<T>(work: (tokens: AccessTokens) => Promise<T>): Promise<T> {
  return withCliContext(async (context) => {
    const tokens = new AccessTokens({ store: context.stores.eventStore, now: () => Date.now() });
    await tokens.load();
    return work(tokens);
  });
}

async function runCreate(options: CreateOptions): Promise<void> {
  const scopes = options.scope.flatMap((scope) => scope.split(',')).filter((scope) => scope !== '');
  try {
    const issued = await withTokens((tokens) =>
      tokens.issue({ name: options.name, owner: options.owner, scopes, expiresAt: options.expires, by: CLI_ACTOR }),
    );
    process.stderr.write(`Issued token ${issued.token.id} (${describe(issued.token)}). Its secret, shown once:\n`);
    process.stdout.write(`${issued.secret}\n`);
  } catch (error) {
    if (error instanceof InvalidTokenRequestError) {
      const option = { name: '--name', owner: '--owner', scopes: '--scope', expiresAt: '--expires' }[error.field];
      throw new CliError(`${option ?? error.field}: ${error.message.slice(error.field.length + 2)}`);
    }
    throw error;
  }
}

async function runList(): Promise<void> {
  const listed = await withTokens((tokens) => Promise.resolve(tokens.list()));
  process.stdout.write('id\tname\towner\tscopes\texpires\trevoked\n');
  for (const token of listed) {
    const { id, name, owner, scopes, expiresAt, revokedAt } = token;
    process.stdout.write(`${id}\t${name}\t${owner}\t${scopes.join(',')}\t${expiresAt ?? '-'}\t${revokedAt ?? '-'}\n`);
  }
}

async function runRevoke(id: string): Promise<void> {
  const token = await withTokens((tokens) => tokens.revoke(id, CLI_ACTOR));
  if (token === undefined) {
    throw new CliError(`No token has the id ${id} (see recipient-state tokens list)`);
  }
  process.stdout.write(`Revoked token ${token.id} (${describe(token)}) at ${token.revokedAt ?? ''}.\n`);
}

function describe(token: AccessToken): string {
  return `${token.name}, owned by ${token.owner}, scopes ${token.scopes.join(', ')}`;
}
