import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadEnvironment, loadPolicyFile } from '@app/recipients';
import { CliError } from './support/cli-error';
import { nonNegativeInteger } from './support/option-parsers';

/**
 * The API's built entry, beside this file in dist/ (dist/apps/cli/src -> dist/apps/api/src). An app never imports
 * another app, so the CLI starts the API as the separate program it is rather than compiling it in.
 */
const API_ENTRY = join(__dirname, '..', '..', 'api', 'src', 'main.js');
const FORWARDED_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

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
  const env = {
    ...process.env,
    ...(options.port === undefined ? {} : { PORT: String(options.port) }),
    ...(options.host === undefined ? {} : { HOST: options.host }),
  };
  // Checked here first, so a bad configuration is reported (and exits) exactly as for every other command.
  loadPolicyFile(loadEnvironment(env).POLICY_FILE);
  if (!existsSync(API_ENTRY)) {
    throw new CliError(`The API is not built (${API_ENTRY} is missing); run \`npm run build\` first.`);
  }
  const child = spawn(process.execPath, [...process.execArgv, API_ENTRY], { env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals): void => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
    }
  };
  FORWARDED_SIGNALS.forEach((signal) => process.on(signal, forward));
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal === null ? 1 : 0)));
  });
  FORWARDED_SIGNALS.forEach((signal) => process.off(signal, forward));
  process.exitCode = code;
}
