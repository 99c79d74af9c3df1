import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLinkSwitch, type LinkSwitch } from '../support/link-switch';
import { startApp, type AppProcess } from '../support/app-process';
import { launchChromium } from '../support/chromium';
import { DashboardPage } from './support/dashboard-page';
import { settle } from './support/settle';
import { tapTicks, type TickTap } from './support/tick-tap';

interface Viewer {
  readonly name: string;
  readonly dashboard: DashboardPage;
  readonly tap: TickTap;
}

const portOf = (url: string) => Number(new URL(url).port);

/** The one epoch a tap has seen so far; a test that restarts nothing expects exactly one. */
function onlyEpoch(tap: TickTap): number {
  expect(tap.epochs.map((record) => record.epoch)).toHaveLength(1);
  return tap.epochs[0]!.epoch;
}

/**
 * Real faults under real Chromium: the link between the tabs and the server pulled (reset, or silently
 * stalled), and the server killed with SIGKILL, or stopped with SIGTERM, and started again. Two tabs watch throughout, one over
 * Socket.IO and one polling every second, each through a relay that plays the network. Every tick is
 * checked from Chromium's own record of what crossed the wire, not from the page's word.
 */
describe('connection faults', () => {
  let app: AppProcess;
  let link: LinkSwitch;
  let browser: Browser;
  const viewers: Viewer[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium()]);
    link = await startLinkSwitch(portOf(app.url));
    for (const name of ['Socket.IO', 'Polling'] as const) {
      const page: Page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      const tap = tapTicks(page);
      const dashboard = new DashboardPage(page);
      await dashboard.open(link.url);
      if (name === 'Polling') await dashboard.chooseTransport('Polling');
      viewers.push({ name, dashboard, tap });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await link?.close();
    await app?.stop();
  });

  const expectEveryTick = async (epoch: number) => {
    for (const { dashboard, tap, name } of viewers) {
      await expect.poll(() => dashboard.status(), { message: name, timeout: 10_000 }).toMatch(/^Connected/);
      await expect.poll(() => tap.latest(epoch) ?? 0, { message: name, timeout: 5000 }).toBeGreaterThan(0);
      expect(tap.missing(epoch), name).toEqual([]);
      expect(await dashboard.status(), name).not.toMatch(/lost/);
    }
  };

  it('should show "Reconnecting" while the link is cut for 60 s, then deliver every tick missed', async () => {
    for (const { dashboard, name } of viewers) {
      await expect.poll(() => dashboard.status()).toMatch(name === 'Polling' ? /Connected\s+HTTP polling every 1 s/ : /Connected\s+WebSocket/);
    }
    await settle(1500);
    const epoch = onlyEpoch(viewers[0]!.tap);
    const before = viewers.map(({ tap }) => tap.latest(epoch) ?? 0);
    link.cut();
    for (const { dashboard, name } of viewers) {
      await expect.poll(() => dashboard.status(), { message: name, timeout: 5000 }).toMatch(/^Reconnecting/);
    }
    await settle(60_000);
    for (const { dashboard, name } of viewers) expect(await dashboard.status(), name).toMatch(/^Reconnecting/);
    link.restore();

    await expectEveryTick(epoch);
    // Over 60 s away at 10 ticks a second (a little fewer on a busy machine): hundreds of ticks came
    // back, none of them twice or out of place.
    viewers.forEach(({ tap }, i) => expect((tap.latest(epoch) ?? 0) - before[i]!).toBeGreaterThan(500));
    for (const { dashboard, name } of viewers) {
      const note = /Back after 1 min \d+ s · ([\d,]+) ticks caught up/.exec(await dashboard.status());
      expect(note, name).not.toBeNull();
      expect(Number(note?.[1]?.replaceAll(',', '')), name).toBeGreaterThan(500);
    }
    expect(pageErrors).toEqual([]);
  });

  it('should notice a link that goes silent without closing, and deliver every tick once it is back', async () => {
    const epoch = onlyEpoch(viewers[0]!.tap);
    link.stall();
    // Socket.IO's own heartbeat would take up to 45 s; the tab's watchdog notices within about 3 s,
    // and a poll gives up after 5 s.
    for (const { dashboard, name } of viewers) {
      await expect.poll(() => dashboard.status(), { message: name, timeout: 8000 }).toMatch(/^Reconnecting/);
    }
    await settle(5000);
    link.restore();

    await expectEveryTick(epoch);
    for (const { dashboard, name } of viewers)
      expect(await dashboard.status(), name).toMatch(/Back after \d+(\.\d)? s · [\d,]+ ticks caught up/);
    expect(pageErrors).toEqual([]);
  });

  it('should recover within 3 s of a killed server coming back, into its new epoch, with no false loss', async () => {
    const oldEpoch = onlyEpoch(viewers[0]!.tap);
    await app.kill();
    for (const { dashboard, name } of viewers) {
      await expect.poll(() => dashboard.status(), { message: name, timeout: 5000 }).toMatch(/^Reconnecting/);
    }
    app = await startApp();
    link.retarget(portOf(app.url));
    const back = Date.now();

    for (const { tap, name } of viewers) {
      const live = () => tap.epochs.find((record) => record.epoch !== oldEpoch)?.firstTickAt;
      await expect.poll(live, { message: name, timeout: 10_000 }).toBeDefined();
      const recoveredMs = live()! - back;
      expect(recoveredMs, `${name} had its first tick of the new market ${recoveredMs} ms after the server was back`).toBeLessThanOrEqual(3000);
    }
    const newEpoch = viewers[0]!.tap.epochs.at(-1)!.epoch;
    await settle(2000);
    await expectEveryTick(newEpoch);
    for (const { dashboard, tap } of viewers) {
      expect(tap.epochs.map((record) => record.epoch)).toEqual([oldEpoch, newEpoch]);
      expect(await dashboard.prices()).toHaveLength(20);
      expect(await dashboard.status()).toMatch(/Back after \d+(\.\d)? s · server restarted, new market/);
    }
    expect(pageErrors).toEqual([]);
  });

  it('should say "Server restarting" in both modes when the server is stopped, and pick up its next market', async () => {
    const oldEpoch = viewers[0]!.tap.epochs.at(-1)!.epoch;
    const stopped = app.stop();
    // Socket.IO hears the shutdown event; the poller hears it as the answer to its next poll, on the
    // connection the server keeps open for the drain.
    for (const { dashboard, name } of viewers) {
      await expect.poll(() => dashboard.status(), { message: name, timeout: 5000 }).toMatch(/^Server restarting/);
    }
    await stopped;
    // Still "restarting", not "Reconnecting", while nothing answers at all.
    await settle(2000);
    for (const { dashboard, name } of viewers) expect(await dashboard.status(), name).toMatch(/^Server restarting/);
    app = await startApp();
    link.retarget(portOf(app.url));

    for (const { tap, name } of viewers) {
      await expect.poll(() => tap.epochs.at(-1)?.epoch, { message: name, timeout: 10_000 }).not.toBe(oldEpoch);
    }
    const newEpoch = viewers[0]!.tap.epochs.at(-1)!.epoch;
    await settle(2000);
    await expectEveryTick(newEpoch);
    for (const { dashboard } of viewers) {
      expect(await dashboard.status()).toMatch(/Back after \d+(\.\d)? s · server restarted, new market/);
    }
    expect(pageErrors).toEqual([]);
  });
});
