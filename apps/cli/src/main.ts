#!/usr/bin/env node
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { EnvironmentError, PolicyFileError } from '@app/recipients';
import { registerAllowlistCommand } from './allowlist.command';
import { registerClassifyCommand } from './classify.command';
import { registerEraseCommand } from './erase.command';
import { registerExportCommand } from './export.command';
import { registerImportCommand } from './import.command';
import { registerMailCommand } from './mail.command';
import { registerPolicyCommands } from './policy-adopt.command';
import { registerProjectionCommands } from './projections-rebuild.command';
import { registerReplayCommand } from './replay.command';
import { registerServeCommand } from './serve.command';
import { registerTokensCommand } from './tokens.command';
import { CliError } from './support/cli-error';

/** Configuration problems exit with 2, like the API's own start-up; everything else that fails exits with 1. */
const CONFIGURATION_EXIT_CODE = 2;
const OWNER_ONLY_UMASK = 0o077;

export function buildProgram(): Command {
  const program = new Command('recipient-state')
    .description('Recipient State: may I send to this address? Operate the service from the command line.')
    .showHelpAfterError()
    .exitOverride();
  registerServeCommand(program);
  registerReplayCommand(program);
  registerPolicyCommands(program);
  registerClassifyCommand(program);
  registerImportCommand(program);
  registerMailCommand(program);
  registerExportCommand(program);
  registerProjectionCommands(program);
  registerTokensCommand(program);
  registerEraseCommand(program);
  registerAllowlistCommand(program);
  return program;
}

function fail(error: unknown): void {
  if (error instanceof CommanderError) {
    // Commander has printed its message (or the help) already.
    process.exitCode = error.exitCode;
    return;
  }
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE') {
    // The reader went away (`| head`): nothing more to say to it.
    process.exitCode = 0;
    return;
  }
  if (error instanceof EnvironmentError || error instanceof PolicyFileError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = CONFIGURATION_EXIT_CODE;
    return;
  }
  if (error instanceof CliError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = error.exitCode;
    return;
  }
  process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}

/** Runs the CLI; `bin/recipient-state.js` calls this. */
export function run(argv: readonly string[] = process.argv): void {
  // Whatever a command creates (DATA_DIR, the SQLite files, the key, an export) is its owner's only.
  process.umask(OWNER_ONLY_UMASK);
  buildProgram()
    .parseAsync([...argv])
    .catch(fail);
}

if (require.main === module) {
  run();
}
