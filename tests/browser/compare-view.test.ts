import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../lib/format/format-bytes';
import type { MeterReport } from '../../lib/protocol/meter-report';
import { POLL_PATH } from '../../lib/protocol/poll-api';
import type { TransportMode } from '../../lib/protocol/transport-mode';
import { openMeter } from '../support/meter-stream';
import { startApp, type AppProcess } from '../support/app-process';
import { launchChromium } from '../support/chromium';
import { ComparePage } from './support/compare-page';
import { DashboardPage } from './support/dashboard-page';
import { REPORT_LAG_MS, settle } from './support/settle';

/** How long the page runs before the first figures are read: long enough for several meter reports and a rate window. */
const WARM_UP_MS = 10_000;

describe('compare view', () => {
  let app: AppProcess;
  let browser: Browser;
  let page: Page;
  let compare: ComparePage;
  const pageErrors: string[] = [];
  /** Each panel's tab id, as its connections name it to the server. */
  const tabs = new Map<TransportMode, string>();

  /** The server's own report for a panel's tab, read over a meter feed of the test's own. */
  async function serverReports(mode: TransportMode, count: number): Promise<MeterReport[]> {
    const tab = tabs.get(mode);
    if (!tab) throw new Error(`no ${mode} connection was seen`);
    const stream = await openMeter(app.url, tab);
    const reports: MeterReport[] = [];
    try {
      while (reports.length < count) reports.push(await stream.next());
    } finally {
      stream.close();
    }
    return reports;
  }

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium()]);
    // A projector's size: the page is made for it.
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => {
      const url = new URL(request.url());
      const tab = url.searchParams.get('tab');
      if (url.pathname === POLL_PATH && tab && !tabs.has('polling')) tabs.set('polling', tab);
    });
    page.on('websocket', (socket) => {
      const url = new URL(socket.url());
      const tab = url.searchParams.get('tab');
      if (url.pathname.startsWith('/socket.io') && tab && !tabs.has('socketio')) tabs.set('socketio', tab);
    });
    compare = new ComparePage(page);
    await compare.open(app.url);
    await settle(WARM_UP_MS);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('should meter each panel on its own: one WebSocket handshake, and about ten polls a second', async () => {
    expect(await compare.status('socketio')).toMatch(/Connected\s+WebSocket/);
    expect(await compare.status('polling')).toMatch(/Connected\s+HTTP polling every 100 ms/);
    expect(await compare.meter('socketio', 'Requests')).toBe(1);
    expect(await compare.meter('socketio', 'Messages')).toBeGreaterThan(30);
    expect(await compare.meter('socketio', 'Bytes down')).toBeGreaterThan(0);

    const start = await compare.meter('polling', 'Requests');
    await settle(5000);
    const polls = (await compare.meter('polling', 'Requests')) - start;
    // 5 s at 100 ms is 50 polls; report timing moves the window by up to a second either way, and a busy
    // machine answers some polls late.
    expect(polls).toBeGreaterThanOrEqual(30);
    expect(polls).toBeLessThanOrEqual(70);
    expect(await compare.meterRate('polling', 'Requests')).toBeGreaterThan(5);
    expect(await compare.meterRate('polling', 'Requests')).toBeLessThan(14);
    expect(await compare.meter('socketio', 'Requests')).toBe(1);

    // The server agrees: each tab has traffic in its own mode only.
    const [socketTab] = await serverReports('socketio', 1);
    const [pollingTab] = await serverReports('polling', 1);
    expect(socketTab?.modes.socketio.requests).toBe(1);
    expect(socketTab?.modes.polling).toEqual({ requests: 0, bytesUp: 0, bytesDown: 0 });
    expect(pollingTab?.modes.polling.requests).toBeGreaterThan(60);
    expect(pollingTab?.modes.socketio).toEqual({ requests: 0, bytesUp: 0, bytesDown: 0 });
  });

  it('should show prices that advance in both panels', async () => {
    const before = { socketio: await compare.prices('socketio'), polling: await compare.prices('polling') };
    await settle(2000);
    for (const mode of ['socketio', 'polling'] as const) {
      const after = await compare.prices(mode);
      expect(after.length).toBeGreaterThanOrEqual(3);
      expect(after.every((price) => /^\d{1,3}(,\d{3})*\.\d{2}$/.test(price))).toBe(true);
      expect(after.filter((price, i) => price !== before[mode][i]).length).toBeGreaterThan(0);
    }
  });

  it("should sum up a minute of each from the panels' own rates until a minute has been measured", async () => {
    // Read in one script, so both show the same report; a render between two reports is waited out.
    await expect
      .poll(
        async () => {
          const { modes } = await compare.figures();
          return (['socketio', 'polling'] as const).every((mode) => {
            const { summary, requestsPerSecond, bytesUpPerSecond, bytesDownPerSecond } = modes[mode];
            return summary.requests === requestsPerSecond * 60 && summary.bytes === (bytesUpPerSecond + bytesDownPerSecond) * 60;
          });
        },
        { timeout: 5000, interval: 100 },
      )
      .toBe(true);
    const { modes, ratio, ratioText } = await compare.figures();
    for (const mode of ['socketio', 'polling'] as const) {
      const { summary } = modes[mode];
      expect(summary.basis).toBe('extrapolated');
      expect(summary.text).toContain(formatBytes(summary.bytes));
      expect(summary.text).toMatch(/a minute/);
    }
    expect(modes.socketio.summary.requests).toBe(0);
    expect(modes.polling.summary.requests).toBeGreaterThan(300);
    expect(modes.polling.summary.requests).toBeLessThan(840);
    expect(ratio).toBeCloseTo(modes.polling.summary.bytes / modes.socketio.summary.bytes, 9);
    // At 100 ms every poll's headers cost more than the tick it brings: polling moves several times the bytes.
    expect(ratio).toBeGreaterThan(2);
    expect(ratioText).toMatch(/^Polling moves \d+(\.\d)?× the bytes of Socket\.IO\.$/);
  });

  it("should plot both modes' bytes and requests per second", async () => {
    const charts = await compare.plottedPoints();
    expect(Object.keys(charts).sort()).toEqual(['Bytes per second, up + down', 'Requests per second']);
    for (const points of Object.values(charts)) {
      // About a reading a second for ~15 s by now.
      expect(points.socketio).toBeGreaterThanOrEqual(5);
      expect(points.polling).toBeGreaterThanOrEqual(5);
    }
  });

  it('should change the poll interval and reset the meter of its own panel only', async () => {
    await compare.choosePollInterval('1 s');
    await expect.poll(() => compare.status('polling')).toMatch(/every 1 s/);
    await expect.poll(async () => (await compare.figures()).modes.polling.summary.text).toMatch(/^Polling every 1 s:/);

    expect(await compare.meter('polling', 'Requests')).toBeGreaterThan(60);
    // Reset counts from the latest report: let the polls made at 100 ms reach one first.
    await settle(REPORT_LAG_MS);
    await compare.resetMeter('polling');
    // A report may have come in since the click, with the poll of that second.
    expect(await compare.meter('polling', 'Requests')).toBeLessThanOrEqual(1);
    // The summary starts its polling minute over with the meter, and waits for a rate.
    expect((await compare.figures()).modes.polling.summary.basis).toBe('');
    expect(await compare.meter('socketio', 'Requests')).toBe(1);

    await settle(REPORT_LAG_MS + 1000);
    expect(await compare.meter('polling', 'Requests')).toBeGreaterThanOrEqual(1);
    expect(await compare.meter('polling', 'Requests')).toBeLessThanOrEqual(6);
    expect(pageErrors).toEqual([]);
  });

  it("should close both panels' connections when the page is left for the dashboard", async () => {
    // Counting while the page is open, so the check below could fail: ticks keep coming down the
    // WebSocket, and at 1 s a poll is made between any three reports.
    for (const mode of ['socketio', 'polling'] as const) {
      const reports = await serverReports(mode, 3);
      expect(reports.at(-1)?.modes[mode].bytesDown).toBeGreaterThan(reports[0]?.modes[mode].bytesDown ?? Infinity);
    }

    // A client-side navigation: the page's scripts stay, so only the views' own detach can close them.
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
    await page.getByRole('link', { name: '← Dashboard' }).click();
    await page.waitForURL(`${app.url}/`);
    expect(await page.evaluate(() => 'stillTheSamePage' in window)).toBe(true);
    await expect.poll(() => new DashboardPage(page).status()).toMatch(/Connected\s+WebSocket/);

    // A poll in flight as the page was left is settled by now.
    await settle(1500);
    for (const mode of ['socketio', 'polling'] as const) {
      const reports = await serverReports(mode, 4);
      expect(reports.at(-1)?.modes[mode]).toEqual(reports[0]?.modes[mode]);
    }
    expect(pageErrors).toEqual([]);
  });
});
