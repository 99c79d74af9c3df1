import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppProcess } from '../support/app-process';
import { launchChromium } from '../support/chromium';
import { DashboardPage } from './support/dashboard-page';

interface RowAudit {
  commits: number;
  rowsTouched: number;
  rowsTouchedWithoutPriceChange: number;
  rowsAddedOrRemoved: number;
}

describe('ticker table under 100 symbols at 10 ticks/s', () => {
  let app: AppProcess;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(['--symbols', '100', '--tick-ms', '100']), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  // Polling every second brings about ten ticks per answer: a price that moves and comes back within
  // one answer must leave its row alone, as if it had not moved.
  it.each([
    { transport: 'Socket.IO', interval: null, minCommits: 20, minRows: 500 },
    { transport: 'Polling', interval: '1 s', minCommits: 3, minRows: 200 },
  ] as const)(
    'should touch only the rows whose price changed over $transport, and never rebuild the table',
    async ({ transport, interval, minCommits, minRows }) => {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      const dashboard = new DashboardPage(page);
      await dashboard.open(app.url);
      await expect.poll(() => page.locator('tbody tr[data-symbol]').count()).toBe(100);
      if (interval) {
        await dashboard.chooseTransport(transport);
        await dashboard.choosePollInterval(interval);
        await expect.poll(() => dashboard.status()).toMatch(/Connected\s+HTTP polling every 1 s/);
      }

      await page.evaluate(() => {
        const body = document.querySelector('section[aria-label="Prices"] tbody');
        if (!body) throw new Error('no ticker table');
        const priceOf = (row: Element) => row.querySelector('td.price')?.textContent ?? '';
        const lastPrice = new Map<Element, string>();
        for (const row of body.querySelectorAll('tr')) lastPrice.set(row, priceOf(row));
        const audit: RowAudit = { commits: 0, rowsTouched: 0, rowsTouchedWithoutPriceChange: 0, rowsAddedOrRemoved: 0 };
        Object.assign(window, { rowAudit: audit });
        new MutationObserver((records) => {
          audit.commits += 1;
          const touched = new Set<Element>();
          for (const record of records) {
            // The price highlight is set and cleared outside React (price-flash.ts): not a render.
            if (record.type === 'attributes' && record.attributeName === 'data-flash') continue;
            if (record.target === body) audit.rowsAddedOrRemoved += record.addedNodes.length + record.removedNodes.length;
            const element: Element | null = record.target instanceof Element ? record.target : record.target.parentElement;
            const row: Element | null | undefined = element?.closest('tr');
            if (row && row.parentElement === body) touched.add(row);
          }
          for (const row of touched) {
            const price = priceOf(row);
            audit.rowsTouched += 1;
            if (price === lastPrice.get(row)) audit.rowsTouchedWithoutPriceChange += 1;
            lastPrice.set(row, price);
          }
        }).observe(body, { subtree: true, childList: true, characterData: true, attributes: true });
      });

      await new Promise((resolve) => setTimeout(resolve, 5000));
      const audit = await page.evaluate(() => (window as unknown as { rowAudit: RowAudit }).rowAudit);
      // About 50 ticks arrived; with most symbols moving each tick, hundreds of row updates happened.
      expect(audit.commits).toBeGreaterThan(minCommits);
      expect(audit.rowsTouched).toBeGreaterThan(minRows);
      expect(audit.rowsTouchedWithoutPriceChange).toBe(0);
      expect(audit.rowsAddedOrRemoved).toBe(0);
      await page.close();
    },
  );
});
