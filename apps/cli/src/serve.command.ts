import type { Command } from 'commander';
import { loadEnvironment } from '../../api/src/config/env';
import { loadPolicyFile } from '../../api/src/config/policy-loader';
import { createApp } from '../../api/src/create-app';
import { nonNegativeInteger } from './support/option-parsers';

interface ServeOptions {
  port?: number;
  host?: string;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the HTTP API (the same service as `npm start`)')
    .option('--port <port>', 'listen on this port (default: PORT, else 3000)', nonNegativeInteger)
    .option('--host <host>', 'listen on this interface (default: HOST, else 127.0.0.1)')
    .action((options: ServeOptions) => runServe(options));
}

async function runServe(options: ServeOptions): Promise<void> {
  const env = loadEnvironment({
    ...process.env,
    ...(options.port === undefined ? {} : { PORT: String(options.port) }),
    ...(options.host === undefined ? {} : { HOST: options.host }),
  });
  const policy = loadPolicyFile(env.POLICY_FILE);
  const app = await createApp({ env, policy });
  await app.listen({ port: env.PORT, host: env.HOST });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : env.PORT;
  process.stderr.write(`Recipient State listening on http://${env.HOST}:${port}\n`);
}
