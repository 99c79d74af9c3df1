import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SSE_PATH } from '../../lib/protocol/sse-api';
import { startApp, type AppProcess } from '../support/app-process';
import { launchChromium } from '../support/chromium';
import { startLinkSwitch, type LinkSwitch } from '../support/link-switch';
import { DashboardPage } from './support/dashboard-page';
import { REPORT_LAG_MS, settle } from './support/settle';
import { tapTicks, type TickTap } from './support/tick-tap';

const portOf = (url: string) => Number(new URL(url).port);

/**
 * The Server-Sent Events transport in real Chromium, through a relay that plays the network: chosen at
 * runtime, switched away from and back, cut, stalled, and its server stopped and started again. Every
 * tick is checked from Chromium's own record of what crossed the wire, not from the page's word.
 */
describe('Server-Sent Events transport', () => {
  let app: AppProcess;
  let link: LinkSwitch;
  let browser: Browser;
  let page: Page;
  let dashboard: DashboardPage;
  let tap: TickTap;
  /** The streams the page asked for, by their URL. */
  const streamRequests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium()]);
    link = await startLinkSwitch(portOf(app.url));
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === SSE_PATH) streamRequests.push(request.url());
    });
    tap = await tapTicks(page);
    dashboard = new DashboardPage(page);
    await dashboard.open(link.url);
  });

  afterAll(async () => {
    await browser?.close();
    await link?.close();
    await app?.stop();
  });

  const latestEpoch = () => tap.epochs.at(-1)?.epoch ?? Number.NaN;

  /** Connected over SSE, ticks arriving in `epoch`, and none of them missing. */
  const expectEveryTick = async (epoch: number) => {
    await expect.poll(() => dashboard.status(), { timeout: 10_000 }).toMatch(/^Connected\s+Server-Sent Events \(one stream\)/);
    const before = tap.latest(epoch) ?? 0;
    await expect.poll(() => tap.latest(epoch) ?? 0, { timeout: 5000 }).toBeGreaterThan(before);
    expect(tap.missing(epoch)).toEqual([]);
    expect(await dashboard.status()).not.toMatch(/lost/);
  };

  it('should carry the ticks over one stream once chosen, without a reload, and book its bytes to SSE', async () => {
    await expect.poll(() => dashboard.status()).toMatch(/^Connected\s+WebSocket/);
    await dashboard.chooseTransport('Server-Sent Events');
    const epoch = latestEpoch();
    await expectEveryTick(epoch);
    await settle(REPORT_LAG_MS);

    // One stream, opened from where Socket.IO left off.
    expect(streamRequests).toHaveLength(1);
    expect(new URL(streamRequests[0] ?? '').searchParams.get('epoch')).toBe(String(epoch));
    expect(await dashboard.meter('sse', 'Requests')).toBe(1);
    expect(await dashboard.meter('sse', 'Bytes down')).toBeGreaterThan(1000);
    expect(await dashboard.meter('sse', 'Messages')).toBeGreaterThan(10);
    expect(pageErrors).toEqual([]);
  });

  it('should switch to Socket.IO and back in place, without skipping or repeating a tick', async () => {
    const epoch = latestEpoch();
    await dashboard.chooseTransport('Socket.IO');
    await expect.poll(() => dashboard.status()).toMatch(/^Connected\s+WebSocket/);
    await settle(1000);
    await dashboard.chooseTransport('Server-Sent Events');
    await expectEveryTick(epoch);
    expect(streamRequests).toHaveLength(2);
    expect(tap.epochs.map((record) => record.epoch)).toEqual([epoch]);
    expect(pageErrors).toEqual([]);
  });

  it('should say "Reconnecting" while the link is cut, then deliver every tick missed', async () => {
    const epoch = latestEpoch();
    link.cut();
    await expect.poll(() => dashboard.status(), { timeout: 5000 }).toMatch(/^Reconnecting/);
    await settle(5000);
    link.restore();

    await expectEveryTick(epoch);
    await expect.poll(() => dashboard.status()).toMatch(/Back after \d+(\.\d)? s · [\d,]+ ticks caught up/);
    expect(pageErrors).toEqual([]);
  });

  it('should notice a link that goes silent without closing, within the silence limit, and deliver every tick once it is back', async () => {
    const epoch = latestEpoch();
    link.stall();
    // No error comes: the watchdog notices that neither ticks nor heartbeats arrive.
    await expect.poll(() => dashboard.status(), { timeout: 8000 }).toMatch(/^Reconnecting/);
    await settle(3000);
    link.restore();

    await expectEveryTick(epoch);
    expect(pageErrors).toEqual([]);
  });

  it('should say "Server restarting" when the server stops, and pick up its next market', async () => {
    const oldEpoch = latestEpoch();
    const stopped = app.stop();
    await expect.poll(() => dashboard.status(), { timeout: 5000 }).toMatch(/^Server restarting/);
    await stopped;
    // Still "restarting", not "Reconnecting", while nothing answers at all.
    await settle(2000);
    expect(await dashboard.status()).toMatch(/^Server restarting/);
    app = await startApp();
    link.retarget(portOf(app.url));

    await expect.poll(latestEpoch, { timeout: 10_000 }).not.toBe(oldEpoch);
    await settle(2000);
    await expectEveryTick(latestEpoch());
    expect(await dashboard.status()).toMatch(/Back after \d+(\.\d)? s · server restarted, new market/);
    expect(await dashboard.prices()).toHaveLength(20);
    expect(pageErrors).toEqual([]);
  });
});
