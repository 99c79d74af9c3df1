import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../lib/format/format-bytes';
import { formatRatio } from '../../lib/format/format-ratio';
import { METER_PATH, type MeterReport } from '../../lib/protocol/meter-report';
import { TRANSPORT_DELIVERY, TRANSPORT_LABELS, TRANSPORT_MODES, type TransportMode } from '../../lib/protocol/transport-mode';
import { openMeter } from '../support/meter-stream';
import { startApp, type AppProcess } from '../support/app-process';
import { launchChromium } from '../support/chromium';
import { ComparePage } from './support/compare-page';
import { CONNECTED, DashboardPage } from './support/dashboard-page';
import { REPORT_LAG_MS, settle } from './support/settle';
import { transportRequest } from './support/transport-request';

/** How long the page runs before the first figures are read: long enough for several meter reports and a rate window. */
const WARM_UP_MS = 10_000;

describe('compare view', () => {
  let app: AppProcess;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** A page at a projector's size (the view is made for it), with each lane's tab id as its connections name it. */
  async function openPage(): Promise<{ page: Page; tabs: Map<TransportMode, string>; pageErrors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const pageErrors: string[] = [];
    const tabs = new Map<TransportMode, string>();
    const note = (url: string) => {
      const asked = transportRequest(url);
      if (asked && !tabs.has(asked.mode)) tabs.set(asked.mode, asked.tab);
    };
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => note(request.url()));
    page.on('websocket', (socket) => note(socket.url()));
    return { page, tabs, pageErrors };
  }

  /** The server's own reports for a lane's tab, read over a meter feed of the test's own. */
  async function serverReports(tabs: ReadonlyMap<TransportMode, string>, mode: TransportMode, count: number): Promise<MeterReport[]> {
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

  describe('with the two lanes it opens with', () => {
    let page: Page;
    let compare: ComparePage;
    let pageErrors: string[];
    let tabs: Map<TransportMode, string>;

    beforeAll(async () => {
      ({ page, tabs, pageErrors } = await openPage());
      compare = new ComparePage(page);
      await compare.open(app.url);
      await settle(WARM_UP_MS);
    });

    afterAll(async () => {
      await page?.close();
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
      const [socketTab] = await serverReports(tabs, 'socketio', 1);
      const [pollingTab] = await serverReports(tabs, 'polling', 1);
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
        const reports = await serverReports(tabs, mode, 3);
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
        const reports = await serverReports(tabs, mode, 4);
        expect(reports.at(-1)?.modes[mode]).toEqual(reports[0]?.modes[mode]);
      }
      expect(pageErrors).toEqual([]);
    });
  });

  describe('with the five lanes its address names', () => {
    let page: Page;
    let compare: ComparePage;
    let pageErrors: string[];
    let tabs: Map<TransportMode, string>;
    const LANES = TRANSPORT_MODES;

    /** The meter feeds the page opened, by their query. */
    const meterFeeds: URLSearchParams[] = [];

    beforeAll(async () => {
      ({ page, tabs, pageErrors } = await openPage());
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname === METER_PATH) meterFeeds.push(url.searchParams);
      });
      compare = new ComparePage(page);
      await compare.open(app.url, LANES);
      await settle(WARM_UP_MS);
    });

    it('should read every lane’s meter over one feed, leaving the connections to the transports', () => {
      expect(meterFeeds).toHaveLength(1);
      const [feed] = meterFeeds;
      const named = [feed?.get('tab'), ...(feed?.get('others')?.split(',') ?? [])];
      expect(new Set(named)).toEqual(new Set(tabs.values()));
    });

    afterAll(async () => {
      await page?.close();
    });

    it('should run a lane per mode, each connected with its own tab, the server booking each tab in its mode only', async () => {
      expect(await compare.lanes()).toEqual([...LANES]);
      for (const mode of LANES) {
        await expect.poll(() => compare.status(mode), { message: mode }).toMatch(CONNECTED[mode]);
        expect(await compare.meter(mode, 'Bytes down'), mode).toBeGreaterThan(0);
        // Chromium opens six HTTP/1.1 connections at most to one host, and the SSE stream and a held long
        // poll keep theirs: with a meter feed per lane the lanes that ask found none free. They share one.
        expect(await compare.meter(mode, 'Messages'), `${mode}: its lane kept getting ticks`).toBeGreaterThan(10);
      }
      expect(await compare.status('polling')).toMatch(/every 100 ms/);
      expect(new Set(tabs.values()).size).toBe(LANES.length);

      for (const mode of LANES) {
        const [report] = await serverReports(tabs, mode, 1);
        expect(report?.modes[mode].requests, mode).toBeGreaterThan(0);
        expect(report?.modes[mode].bytesDown, mode).toBeGreaterThan(0);
        for (const other of TRANSPORT_MODES.filter((m) => m !== mode)) {
          expect(report?.modes[other], `${other} on ${mode}'s tab`).toEqual({ requests: 0, bytesUp: 0, bytesDown: 0 });
        }
      }
    });

    it('should sum up a minute of each lane as a multiple of the cheapest, and name the dearest and the cheapest', async () => {
      // Read in one script, so every line shows the same report; wait for a render that has them all.
      await expect
        .poll(
          async () => {
            const { modes } = await compare.figures();
            return LANES.every((mode) => modes[mode].summary.multiple > 0);
          },
          {
            timeout: 10_000,
            interval: 100,
          },
        )
        .toBe(true);
      const { modes, ratio, dearest, cheapest, ratioText } = await compare.figures();
      if (!dearest || !cheapest) return expect.fail(`the ratio line names no dearest and cheapest: ${ratioText}`);
      const bytes = LANES.map((mode) => modes[mode].summary.bytes);
      const least = Math.min(...bytes);
      const most = Math.max(...bytes);
      for (const mode of LANES) {
        const { summary } = modes[mode];
        expect(summary.text, mode).toMatch(/a minute/);
        expect(summary.multiple, mode).toBeCloseTo(summary.bytes / least, 9);
        expect(summary.text, mode).toContain(summary.multiple === 1 ? '(the cheapest)' : `(${formatRatio(summary.multiple)} the cheapest)`);
      }
      expect(LANES.filter((mode) => modes[mode].summary.multiple === 1)).toEqual([cheapest]);
      expect(modes[cheapest].summary.bytes).toBe(least);
      expect(modes[dearest].summary.bytes).toBe(most);
      expect(ratio).toBeCloseTo(most / least, 9);
      // Pushing a tick costs less than asking for it, whichever of each wins.
      expect(TRANSPORT_DELIVERY[cheapest]).toBe('push');
      expect(TRANSPORT_DELIVERY[dearest]).toBe('pull');
      expect(ratioText).toBe(`${TRANSPORT_LABELS[dearest]} moves ${formatRatio(ratio)} the bytes of ${TRANSPORT_LABELS[cheapest]}.`);
    });

    it('should add and remove lanes in place from the Lanes boxes, never below two, keeping them in the address', async () => {
      // The address changes in place (history.replaceState): no page is loaded again.
      const pageLoads: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'document') pageLoads.push(request.url());
      });
      await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
      const lanesInAddress = () => new URL(page.url()).searchParams.get('lanes');
      expect((await compare.laneOptions()).every(({ checked, disabled }) => checked && !disabled)).toBe(true);

      for (const mode of ['sse', 'websocket', 'longpolling'] as const) await compare.toggleLane(mode);
      await expect.poll(() => compare.lanes()).toEqual(['socketio', 'polling']);
      expect(lanesInAddress()).toBe('socketio,polling');
      // The last two cannot be unticked; the others can be ticked again.
      expect(await compare.laneOptions()).toEqual(
        TRANSPORT_MODES.map((mode) => {
          const kept = mode === 'socketio' || mode === 'polling';
          return { label: TRANSPORT_LABELS[mode], checked: kept, disabled: kept };
        }),
      );
      await expect.poll(async () => page.locator('.minute-summary [data-mode]').count()).toBe(2);
      // A lane taken away lets go of its connection: its tab's figures stop growing at the server.
      await settle(1500);
      const removed = await serverReports(tabs, 'sse', 3);
      expect(removed.at(-1)?.modes.sse).toEqual(removed[0]?.modes.sse);

      await compare.toggleLane('sse');
      await expect.poll(() => compare.lanes()).toEqual(['socketio', 'sse', 'polling']);
      expect(lanesInAddress()).toBe('socketio,sse,polling');
      await expect.poll(() => compare.status('sse'), { timeout: 10_000 }).toMatch(CONNECTED.sse);
      expect((await compare.laneOptions()).filter(({ disabled }) => disabled)).toEqual([]);
      expect(pageLoads).toEqual([]);
      expect(await page.evaluate(() => 'stillTheSamePage' in window)).toBe(true);

      // The address is the comparison: opened again, it shows the same lanes.
      await page.reload();
      for (const mode of ['socketio', 'sse', 'polling'] as const) await compare.panel(mode).locator('tbody tr[data-symbol]').first().waitFor();
      expect(await compare.lanes()).toEqual(['socketio', 'sse', 'polling']);
      expect(pageErrors).toEqual([]);
    });
  });
});
