import { Presets, SingleBar } from 'cli-progress';

export interface ProgressDisplay {
  update(done: number, total: number | undefined): void;
  stop(): void;
}

const SILENT: ProgressDisplay = { update: () => undefined, stop: () => undefined };

/**
 * A progress bar with throughput and ETA on stderr when it is a terminal; nothing at all when piped or redirected,
 * so logs and captured output stay clean.
 */
export function progressDisplay(label: string, unit: string, enabled = process.stderr.isTTY === true): ProgressDisplay {
  if (!enabled) {
    return SILENT;
  }
  const started = performance.now();
  let bar: SingleBar | undefined;
  return {
    update(done, total) {
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? formatCount(done / seconds) : '0';
      if (bar === undefined) {
        const format =
          total === undefined
            ? `${label} {value} ${unit} | {rate} ${unit}/s`
            : `${label} |{bar}| {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`;
        bar = new SingleBar(
          { format, stream: process.stderr, hideCursor: true, etaBuffer: 20, fps: 10, clearOnComplete: true },
          Presets.shades_classic,
        );
        bar.start(Math.max(total ?? done, done), done, { rate });
      }
      bar.setTotal(Math.max(total ?? done, done));
      bar.update(done, { rate });
    },
    stop() {
      bar?.stop();
    },
  };
}

/** 1234567 -> "1.23M", for rates. */
export function formatCount(value: number): string {
  if (value >= 1e6) {
    return `${(value / 1e6).toFixed(2)}M`;
  }
  if (value >= 1e4) {
    return `${(value / 1e3).toFixed(1)}k`;
  }
  return String(Math.round(value));
}
