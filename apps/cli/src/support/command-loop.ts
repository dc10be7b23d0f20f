import { CommandMetrics } from '../../../api/src/metrics/command-metrics';
import { MetricsRegistry } from '../../../api/src/metrics/metrics-registry';
import { CurrentPolicy } from '../../../api/src/policy/current-policy';
import { Clock } from '../../../api/src/recipients/clock';
import { RecipientCommandLoop } from '../../../api/src/recipients/recipient-command-loop';
import { RecipientStateCache } from '../../../api/src/recipients/recipient-state-cache';
import type { CliContext } from './cli-context';

/** Recipients an import touches are mostly touched once; a small cache covers repeats within a file. */
const CACHE_SIZE = 10_000;

/**
 * The API's own load -> decide -> append loop, built by hand instead of by Nest: commands from the CLI take exactly
 * the path HTTP commands take (same decider, same expected-revision retries, same inline projection).
 */
export function createCommandLoop(context: CliContext): RecipientCommandLoop {
  return new RecipientCommandLoop(
    context.stores.eventStore,
    context.addressHashKey(),
    context.env,
    new CurrentPolicy(context.policy),
    new RecipientStateCache(CACHE_SIZE),
    new Clock(),
    new CommandMetrics(new MetricsRegistry()),
  );
}
