import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppProcess } from '../support/app-process';
import { launchChromium } from '../support/chromium';
import { ComparePage } from './support/compare-page';
import { DashboardPage } from './support/dashboard-page';
import { REPORT_LAG_MS, settle } from './support/settle';

/** Polls a second per tab for this server: well under the page's 10 at 100 ms, so it is refused. */
const POLL_RATE = 3;

/**
 * Opens a page that records every Content-Security-Policy violation (the event the browser fires for each,
 * also for one the code catches) and every console message that names the policy.
 */
async function watchedPage(browser: Browser): Promise<{ page: Page; violations: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportViolation: (text: string) => void }).reportViolation;
      report(`${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
  return { page, violations };
}

describe('abuse limits in the browser', () => {
  let app: AppProcess;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(['--poll-rate', String(POLL_RATE)]), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('should run the dashboard under its Content-Security-Policy without a single violation', async () => {
    const { page, violations } = await watchedPage(browser);
    const response = await page.goto(app.url);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    const dashboard = new DashboardPage(page);
    await expect.poll(() => dashboard.status()).toMatch(/Connected\s+WebSocket/);
    await dashboard.chooseTransport('Polling');
    await expect.poll(() => dashboard.status()).toMatch(/HTTP polling/);
    await page.getByRole('button', { name: 'Show the bytes' }).click();
    await settle(REPORT_LAG_MS);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('should run the side-by-side view under the same policy without a single violation', async () => {
    const { page, violations } = await watchedPage(browser);
    const compare = new ComparePage(page);
    await compare.open(app.url);
    await expect.poll(() => compare.status('socketio')).toMatch(/Connected/);
    await settle(REPORT_LAG_MS);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('should wait as Retry-After says when refused, say so, and show the refused polls in the meter', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const dashboard = new DashboardPage(page);
    await dashboard.open(app.url);
    await dashboard.chooseTransport('Polling');
    await dashboard.choosePollInterval('100 ms');
    await expect.poll(() => dashboard.status(), { timeout: 10_000 }).toMatch(/Rate-limited\s+HTTP polling every 100 ms · next poll in/);

    const note = page.locator('.refused-polls');
    await expect.poll(async () => Number((await note.getAttribute('data-refused')) ?? 0), { timeout: 5000 }).toBeGreaterThan(0);
    const refusedBefore = Number(await note.getAttribute('data-refused'));
    const requestsBefore = await dashboard.meter('polling', 'Requests');
    await settle(5000);
    const refused = Number(await note.getAttribute('data-refused')) - refusedBefore;
    const requests = (await dashboard.meter('polling', 'Requests')) - requestsBefore;
    // Told to wait a second after each refusal, the page is refused about once a second. Asking again every
    // 100 ms regardless, it would have been refused about 7 times a second (10 asked, 3 allowed).
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThanOrEqual(5 + 2);
    expect(requests).toBeLessThanOrEqual(5 * (POLL_RATE + 1) + 2 * POLL_RATE);
    expect(await note.innerText()).toMatch(/polls? refused by the server as too many \(429 Too Many Requests\)/);
    await page.close();
  });
});
