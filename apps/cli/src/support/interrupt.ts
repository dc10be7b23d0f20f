/**
 * Ctrl-C asks the running command to stop cleanly (finish what is in hand, report, close the stores); a second
 * Ctrl-C exits at once. Returns the signal to pass down and a function that removes the handler.
 */
export function interruptOnCtrlC(onFirst?: () => void): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const handler = (): void => {
    if (controller.signal.aborted) {
      process.exit(130);
    }
    onFirst?.();
    controller.abort();
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, release: () => process.off('SIGINT', handler) };
}
