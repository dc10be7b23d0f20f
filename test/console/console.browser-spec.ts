import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ControllableClock } from '../support/controllable-clock';
import type { TestApp } from '../support/test-app';
import { startTestApp } from '../support/test-app';
import { findChromium, launchChromium } from './support/chromium';
import { SEEDED, seedConsoleData } from './support/console-seed';

/** Screenshots of every page, for a person to review (git-ignored). */
const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'console');
const BUILT_CONSOLE = join(__dirname, '..', '..', 'dist', 'console', 'index.html');
const chromiumPath = findChromium();
if (chromiumPath === undefined) {
  console.warn(
    'SKIPPED: the console browser specs need Debian chromium (apt-get install -y chromium) or CHROMIUM_PATH; none found.',
  );
}
const describeInBrowser = chromiumPath === undefined ? describe.skip : describe;

// Generous: the build machine has two cores, and chromium's start shares them with the service it tests.
jest.setTimeout(180_000);

describeInBrowser('the web console, in a real browser', () => {
  let api: TestApp;
  let browser: Browser;
  let page: Page;
  const scriptErrors: string[] = [];

  const open = async (path: string) => {
    await page.goto(`${api.baseUrl}/console${path}`);
  };
  /** The whole page; with a modal dialog open, the window only (the backdrop covers the window, not the page). */
  const screenshot = (name: string, fullPage = true) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
  const text = (selector: string) => page.locator(selector).innerText();

  beforeAll(async () => {
    if (!existsSync(BUILT_CONSOLE)) {
      throw new Error(`The console is not built (${BUILT_CONSOLE} is missing): run npm run build first`);
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    // The real clock: the browser draws "now" from its own, and both must agree for the timeline.
    api = await startTestApp({}, { clock: new ControllableClock(Date.now()) });
    await seedConsoleData(api);
    browser = await launchChromium(chromiumPath!);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => scriptErrors.push(error.message));
    // As a person would: the console asks for nothing until it is given a token, kept for this tab only.
    await page.goto(`${api.baseUrl}/console/`);
    await page.getByLabel('API token').fill(api.token);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Use token' }).click()]);
    await page.getByRole('button', { name: 'Forget token' }).waitFor();
  });

  afterEach(() => {
    expect(scriptErrors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  describe('serving', () => {
    it('answers every console path with the app, and leaves the API, /docs and /health alone', async () => {
      for (const path of ['/console', '/console/', '/console/policy', '/console/recipients/a%40b.example']) {
        const response = await api.request('GET', path);
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        expect(response.headers.get('content-type')).toMatch(/text\/html/);
        expect(response.body).toContain('<div id="root"></div>');
      }
      expect((await api.request('GET', '/health')).status).toBe(200);
      expect((await api.request('GET', '/docs')).status).toBe(200);
      expect((await api.request('GET', '/v1/policy')).body).toMatchObject({ version: 'default-1' });
      expect((await api.request('GET', '/consoles')).status).toBe(404);
      // Serving the console must not take over the API's own error handling.
      const malformed = await api.request('POST', '/v1/bounces', '{"address":', { 'content-type': 'application/json' });
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    });

    it('serves the hashed assets with a long cache and the page itself uncached', async () => {
      const index = await api.request('GET', '/console');
      expect(index.headers.get('cache-control')).toBe('no-cache');
      const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(index.body as string)?.[1];
      expect(script).toBeDefined();
      const asset = await fetch(api.baseUrl + script!);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
      expect(asset.headers.get('cache-control')).toContain('immutable');
    });
  });

  describe('recipient page', () => {
    it('answers "may I send?" for a restored address, with its timeline and every explanation', async () => {
      await open('/');
      await page.getByLabel('Address').fill(SEEDED.restored);
      await page.getByRole('button', { name: 'Look up' }).click();
      await page.getByText(`May I send to ${SEEDED.restored}?`).waitFor();
      expect(await text('.verdict-answer')).toBe('Yes — you may send');
      expect(page.url()).toBe(`${api.baseUrl}/console/recipients/jane.doe%40example.com`);
      expect(await text('[data-testid="verdict-why"]')).toMatch(/Restored automatically: a successful delivery/);
      const history = page.getByRole('table', { name: 'History' });
      expect(await history.locator('tbody tr').count()).toBeGreaterThanOrEqual(6);
      expect(await history.innerText()).toMatch(/classified soft by rule/);
      expect(await history.innerText()).toMatch(/Suppressed after 3 consecutive soft bounces within P7D/);
      const timeline = page.getByRole('img', { name: /Timeline of events/ });
      await timeline.locator('svg').waitFor();
      expect(await timeline.innerText()).toMatch(/soft-bounce window \(7 days\)/);
    });

    it('reverts a restoration, saying who and why, and answers no at once', async () => {
      await open(`/recipients/${encodeURIComponent(SEEDED.restored)}`);
      const restorations = page.getByRole('table', { name: 'Restorations' });
      await restorations.getByLabel('Reverted by').fill('support@company.test');
      await restorations.getByLabel('Note').fill('restored by mistake');
      await restorations.getByRole('button', { name: 'Revert restoration' }).click();
      await page.getByText('No — do not send').waitFor();
      expect(await text('[data-testid="verdict-why"]')).toMatch(
        /reverted by support@company\.test.*Suppressed after 3 consecutive soft bounces/,
      );
      expect(await text('[data-testid="verdict-lift"]')).toMatch(/A successful delivery restores it automatically/);
      expect(await restorations.innerText()).toMatch(/reverted by support@company\.test .*restored by mistake/);
      expect(await page.getByRole('table', { name: 'History' }).innerText()).toMatch(/RestorationReverted/);
      await page
        .getByRole('img', { name: /Timeline of events/ })
        .locator('svg')
        .waitFor();
      await screenshot('recipient');
    });

    it('says that a later suppression superseded a restoration, which can no longer be reverted', async () => {
      await open(`/recipients/${encodeURIComponent(SEEDED.superseded)}`);
      await page.getByText('No — do not send').waitFor();
      const restorations = page.getByRole('table', { name: 'Restorations' });
      expect(await restorations.innerText()).toMatch(/superseded by a later suppression at \d+ \w+ \d{4}/);
      expect(await restorations.innerText()).not.toMatch(/reverted by/);
      expect(await restorations.getByRole('button', { name: 'Revert restoration' }).count()).toBe(0);
    });

    it('says why a hard bounce suppresses and that only a correction lifts it', async () => {
      await open(`/recipients/${encodeURIComponent(SEEDED.hardBounce)}`);
      await page.getByText('No — do not send').waitFor();
      const card = await text('.verdict');
      expect(card).toMatch(/cause hard bounce · reason mailbox unknown/);
      expect(card).toMatch(/decided under default-1; in force now: default-1/);
      expect(await text('[data-testid="verdict-lift"]')).toMatch(/Only an address correction.*never lifts/);
      await screenshot('recipient-hard-bounce');
    });

    it('answers yes for an allowlisted address and says that the allowlist withholds its recorded suppression', async () => {
      await open(`/recipients/${encodeURIComponent(SEEDED.allowlisted)}`);
      await page.getByText('Yes — you may send').waitFor();
      const why = await text('[data-testid="verdict-why"]');
      expect(why).toMatch(/allowlist/i);
      expect(why).toMatch(/Seed inbox of the deliverability monitor|deliverability@company\.test/);
      expect(await page.getByRole('table', { name: 'History' }).innerText()).toMatch(/hard/i);
      await screenshot('recipient-allowlisted');
    });

    it('answers yes for an address never seen', async () => {
      await open(`/recipients/${encodeURIComponent('never.seen@example.com')}`);
      await page.getByText('Yes — you may send').waitFor();
      expect(await text('[data-testid="verdict-why"]')).toBe('Nothing has ever been recorded for this address.');
    });
  });

  describe('suppressions page', () => {
    it('lists who may not be sent to, with counts by cause and reason over time, and filters', async () => {
      await open('/suppressions');
      const list = page.getByRole('table', { name: 'Suppressions' });
      await list.waitFor();
      const rows = await list.locator('tbody tr').allInnerTexts();
      const listed = rows.map((row) => row.split('\t')[0]);
      expect(listed.sort()).toEqual(
        [
          SEEDED.manual,
          SEEDED.quarantined,
          SEEDED.hardBounce,
          SEEDED.restored,
          SEEDED.superseded,
          SEEDED.allowlisted,
        ].sort(),
      );
      // Its hard bounce is recorded, but checks answer it deliverable: the list says so rather than hide it.
      expect(rows.find((row) => row.startsWith(SEEDED.allowlisted))).toMatch(/Deliverable\s+allowlisted/);
      expect(rows.find((row) => row.startsWith(SEEDED.hardBounce))).toMatch(
        /Suppressed\s+hard bounce\s+mailbox unknown/,
      );
      expect(rows.find((row) => row.startsWith(SEEDED.quarantined))).toMatch(
        /Quarantined\s+quarantine\s+—\s+\d+ \w+ \d{4}, [\d:]+ UTC\s+\d+ \w+ \d{4}, [\d:]+ UTC/,
      );
      const byCause = page.getByRole('img', { name: 'Suppressions by cause over time' });
      await byCause.locator('svg').waitFor();
      expect(await byCause.innerText()).toMatch(/hard bounce/);
      expect(await byCause.innerText()).toMatch(/manual/);
      expect(await byCause.innerText()).toMatch(/quarantine/);
      await page.getByRole('img', { name: 'Suppressions by reason over time' }).locator('svg').waitFor();
      await screenshot('suppressions');

      await page.getByRole('combobox', { name: 'Cause' }).selectOption('manual');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('1 recipient.').waitFor();
      expect(await list.locator('tbody tr').allInnerTexts()).toEqual([expect.stringContaining(SEEDED.manual)]);
    });

    it('opens a recipient from the list', async () => {
      await open('/suppressions');
      await page.getByRole('link', { name: SEEDED.manual }).click();
      await page.getByText(`May I send to ${SEEDED.manual}?`).waitFor();
      expect(await text('.verdict')).toMatch(/cause manual/);
    });
  });

  describe('policy page', () => {
    it('shows the policy in force and a validation error at the field', async () => {
      await open('/policy');
      expect(await page.getByRole('article', { name: 'Policy in force' }).innerText()).toMatch(/In force: default-1/);
      await page.locator('input[name="limit"]').fill('0');
      await page.getByRole('button', { name: 'Run simulation' }).click();
      const limitError = page.locator('[data-field="limit"] .field-error');
      await limitError.waitFor();
      expect(await limitError.innerText()).toMatch(/must be/);
      expect(await page.locator('input[name="limit"]').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('[data-field="window"] .field-error').count()).toBe(0);
      await screenshot('policy-validation');
    });

    it('simulates a candidate: totals, the transition heat map and the changed recipients', async () => {
      await open('/policy');
      await page.locator('input[name="version"]').fill('limit-2');
      await page.locator('input[name="limit"]').fill('2');
      await page.locator('input[name="quarantineAt"]').fill('2');
      await page.getByRole('button', { name: 'Run simulation' }).click();
      const results = page.getByRole('region', { name: 'Simulation results' });
      await results.waitFor();
      expect(await text('[data-testid="simulation-totals"]')).toMatch(/Replayed 9 recipients .* \d+ would change/);
      const heatMap = page.getByRole('img', { name: 'Transition matrix heat map' });
      await heatMap.locator('svg').waitFor();
      expect(await heatMap.innerText()).toMatch(/Quarantined/);
      const changes = page.getByRole('table', { name: 'Changed recipients' });
      expect(await changes.innerText()).toMatch(new RegExp(`${SEEDED.quarantined}\\s+Quarantined.*\\s+Suppressed`));
      await screenshot('policy');
    });

    it('opens a changed recipient showing its status before and after', async () => {
      await page.getByRole('link', { name: SEEDED.quarantined }).click();
      const comparison = page.getByRole('article', { name: 'Under the candidate policy' });
      await comparison.waitFor();
      const shown = await comparison.innerText();
      expect(shown).toMatch(/Before \(policy in force\)\s+Quarantined/);
      expect(shown).toMatch(/After \(candidate\)\s+Suppressed/);
      await screenshot('recipient-candidate');
    });

    it('asks to confirm an adoption, listing exactly what will change, then gives the command', async () => {
      await open('/policy');
      await page.getByRole('button', { name: 'Adopt limit-2…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Adopt limit-2 in place of default-1?' });
      await dialog.waitFor();
      const listed = await dialog.getByRole('list', { name: 'Recipients that will change' }).innerText();
      expect(listed).toContain(`${SEEDED.quarantined}: Quarantined → Suppressed`);
      await dialog.getByLabel('Adopted by').fill('deliverability@company.test');
      await screenshot('policy-adopt-confirm', false);
      await dialog.getByRole('button', { name: 'Confirm adoption' }).click();
      const command = await dialog.getByTestId('adoption-command').innerText();
      expect(command).toMatch(/"version": "limit-2"/);
      expect(command).toContain("npx recipient-state policy adopt limit-2.json --by 'deliverability@company.test'");
      await screenshot('policy-adopt-command', false);
    });
  });
});
