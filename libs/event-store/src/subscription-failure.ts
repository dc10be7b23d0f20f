/**
 * Ends a subscription that cannot go on (a failing handler or read: retrying would fail the same way, skipping would
 * lose events), then reports the failure once it is closed.
 */
export function closeThenReport(close: () => Promise<void>, report: () => void): void {
  void close().then(() => {
    try {
      report();
    } catch {
      // The subscription is already closed; a failing error callback has nowhere left to report to.
    }
  });
}
