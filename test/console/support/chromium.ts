import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`), or the one CHROMIUM_PATH names. */
export function findChromium(): string | undefined {
  const named = process.env.CHROMIUM_PATH;
  if (named !== undefined && named !== '') {
    return existsSync(named) ? named : undefined;
  }
  if (existsSync('/usr/bin/chromium')) {
    return '/usr/bin/chromium';
  }
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function launchChromium(executablePath: string): Promise<Browser> {
  // As root (CI runs as root) chromium refuses its sandbox; the pages it opens are our own, on loopback. With no
  // network beyond loopback, chromium's own background traffic (updates, sync, lookups) only fails and slows it.
  return chromium.launch({
    executablePath,
    headless: true,
    timeout: 120_000,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
