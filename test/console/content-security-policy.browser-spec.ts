import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../support/test-app';
import { startTestApp } from '../support/test-app';
import { findChromium, launchChromium } from './support/chromium';

const BUILT_CONSOLE = join(__dirname, '..', '..', 'dist', 'console', 'index.html');
const chromiumPath = findChromium();
const describeInBrowser = chromiumPath === undefined ? describe.skip : describe;

jest.setTimeout(180_000);

describeInBrowser('the pages the service serves, under its Content-Security-Policy', () => {
  let api: TestApp;
  let browser: Browser;
  let page: Page;
  /** What chromium reports refusing under the policy, and any script error. */
  let refusals: string[];

  beforeAll(async () => {
    if (!existsSync(BUILT_CONSOLE)) {
      throw new Error(`The console is not built (${BUILT_CONSOLE} is missing): run npm run build first`);
    }
    api = await startTestApp();
    browser = await launchChromium(chromiumPath!);
  });

  beforeEach(async () => {
    refusals = [];
    page = await browser.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) {
        refusals.push(message.text());
      }
    });
    page.on('pageerror', (error) => refusals.push(error.message));
  });

  afterEach(() => page.close());

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('runs the console, which draws its sign-in form, with nothing refused', async () => {
    const response = await page.goto(`${api.baseUrl}/console/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

    await page.getByLabel('API token').waitFor();
    expect(refusals).toEqual([]);
  });

  it('runs Swagger UI at /docs, which lists the operations, with nothing refused', async () => {
    const response = await page.goto(`${api.baseUrl}/docs`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

    await page.locator('.opblock').first().waitFor();
    expect(refusals).toEqual([]);
  });
});
