import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_WINDOW_MS } from '../../lib/meter/meter-tracker';
import { POLL_PATH } from '../../lib/protocol/poll-api';
import { startApp, type AppProcess } from '../support/app-process';
import { launchTabbedChromium, type TabbedChromium } from '../support/chromium';
import { DashboardPage, type MeterRateMetric } from './support/dashboard-page';
import { REPORT_LAG_MS, settle } from './support/settle';

/** Longer than the rate window, so rates that counted hidden time would be made of hidden time alone. */
const HIDDEN_MS = 8000;
const RATE_METRICS: readonly MeterRateMetric[] = ['Requests', 'Messages', 'Bytes down'];

describe('a tab in the background', () => {
  let app: AppProcess;
  let chromium: TabbedChromium;
  let page: Page;
  let dashboard: DashboardPage;
  const pageErrors: string[] = [];

  const pollingRates = async () =>
    Object.fromEntries(
      await Promise.all(RATE_METRICS.map(async (metric) => [metric, await dashboard.meterRate('polling', metric)] as const)),
    ) as Record<MeterRateMetric, number>;

  beforeAll(async () => {
    [app, chromium] = await Promise.all([startApp(), launchTabbedChromium()]);
    page = await chromium.context.newPage();
    await page.setViewportSize({ width: 1600, height: 1000 });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    dashboard = new DashboardPage(page);
    await dashboard.open(app.url);
  });

  afterAll(async () => {
    await chromium?.close();
    await app?.stop();
  });

  it('should say nothing about hidden time while the tab has stayed in front', async () => {
    await expect.poll(() => dashboard.status()).toMatch(/Connected\s+WebSocket/);
    await settle(REPORT_LAG_MS);
    expect(await dashboard.visibility()).toBe('visible');
    expect(await dashboard.hiddenTimeNote()).toBeNull();
  });

  it('should mark a hidden stretch and keep it out of polling’s per-second figures', async () => {
    await dashboard.chooseTransport('Polling');
    await dashboard.choosePollInterval('100 ms');
    await expect.poll(() => dashboard.status()).toMatch(/Connected\s+HTTP polling every 100 ms/);
    await settle(RATE_WINDOW_MS + REPORT_LAG_MS);
    const visible = await pollingRates();
    // About ten polls a second; the machine is shared, so only "clearly more than one".
    expect(visible.Requests).toBeGreaterThan(5);
    const requestsBefore = await dashboard.meter('polling', 'Requests');
    const pollsSent: number[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === POLL_PATH) pollsSent.push(Date.now());
    });

    const front = await chromium.context.newPage();
    const hiddenAt = Date.now();
    await front.bringToFront();
    await expect.poll(() => dashboard.visibility()).toBe('hidden');
    await settle(HIDDEN_MS);
    await page.bringToFront();
    const shownAt = Date.now();
    await expect.poll(() => dashboard.visibility()).toBe('visible');
    await front.close();

    // About as long as the tab spent behind the other one.
    await expect.poll(() => dashboard.hiddenTimeNote(), { timeout: 3000 }).not.toBeNull();
    const note = (await dashboard.hiddenTimeNote())!;
    expect(note.periods).toBe(1);
    expect(note.totalMs).toBeGreaterThan(HIDDEN_MS - 1000);
    expect(note.totalMs).toBeLessThan(shownAt - hiddenAt + 1000);
    expect(note.text).toMatch(/^Hidden for \d+(\.\d)? s: per-second figures and tick ages leave that time out/);

    // Each of the next reports: the rates still read as the visible ones, not dragged toward the
    // hidden tab's throttled pace.
    let reportAt = await dashboard.reportedAt();
    for (let i = 0; i < 3; i++) {
      reportAt = await dashboard.nextReport(reportAt);
      const rates = await pollingRates();
      for (const metric of RATE_METRICS) expect(rates[metric], metric).toBeGreaterThan(visible[metric] * 0.7);
    }
    // That was a real test: hidden, the tab polled far less often (Chromium throttles its timers to
    // about one wake-up a second), so rates that counted the hidden time would have dropped.
    const pollsWhileHidden = pollsSent.filter((at) => at > hiddenAt && at < shownAt).length;
    const settledPolls = pollsSent.filter((at) => at > hiddenAt + 1000 && at < shownAt).length;
    expect(settledPolls).toBeLessThan(((shownAt - hiddenAt - 1000) / 1000) * visible.Requests * 0.5);
    // Totals still count every poll, the hidden ones too.
    expect(pollsWhileHidden).toBeGreaterThan(0);
    expect((await dashboard.meter('polling', 'Requests')) - requestsBefore).toBeGreaterThanOrEqual(pollsWhileHidden);
    expect(pageErrors).toEqual([]);
  });
});
