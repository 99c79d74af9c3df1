import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_POLL_HOLD_MS } from '../../lib/protocol/long-poll-api';
import { SSE_SILENCE_LIMIT_MS } from '../../lib/protocol/sse-api';
import { TRANSPORT_LABELS, TRANSPORT_MODES, type TransportMode } from '../../lib/protocol/transport-mode';
import { WS_SILENCE_LIMIT_MS } from '../../lib/protocol/websocket-api';
import { tickSilenceLimitMs } from '../../lib/net/silence-watchdog';
import { startLinkSwitch, type LinkSwitch } from '../support/link-switch';
import { startApp, type AppProcess } from '../support/app-process';
import { launchChromium } from '../support/chromium';
import { CONNECTED, DashboardPage } from './support/dashboard-page';
import { settle } from './support/settle';
import { tapTicks, type TickTap } from './support/tick-tap';

interface Viewer {
  readonly mode: TransportMode;
  readonly name: string;
  readonly dashboard: DashboardPage;
  readonly tap: TickTap;
}

const portOf = (url: string) => Number(new URL(url).port);

/** Room for a busy machine (two cores, five pages and a server) on top of what a client promises. */
const SLACK_MS = 5000;

/**
 * How long each mode's client lets a silent link go before it says so, as it promises: Socket.IO's
 * watchdog after five ticks and at least 3 s; SSE after three heartbeat intervals; the plain WebSocket
 * after two and a half heartbeats; a poll when it has no answer within 5 s (polling-transport.ts), after
 * the 1 s interval; a long poll when it has none within the hold and 10 s more (long-polling-transport.ts).
 */
const SILENCE_NOTICED_MS: Readonly<Record<TransportMode, number>> = {
  socketio: tickSilenceLimitMs(100),
  websocket: WS_SILENCE_LIMIT_MS,
  sse: SSE_SILENCE_LIMIT_MS,
  longpolling: LONG_POLL_HOLD_MS + 10_000,
  polling: 1000 + 5000,
};

/** The one epoch a tap has seen so far; a test that restarts nothing expects exactly one. */
function onlyEpoch(tap: TickTap): number {
  expect(tap.epochs.map((record) => record.epoch)).toHaveLength(1);
  return tap.epochs[0]!.epoch;
}

/**
 * Real faults under real Chromium: the link between the tabs and the server pulled (reset, or silently
 * stalled), and the server killed with SIGKILL, or stopped with SIGTERM, and started again. Five tabs watch
 * throughout, one in each mode (polling every second), each through a relay that plays the network. Every
 * tick is checked from Chromium's own record of what crossed the wire, not from the page's word.
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
    for (const mode of TRANSPORT_MODES) {
      const page: Page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      page.on('pageerror', (error) => pageErrors.push(`${mode}: ${error.message}`));
      const tap = await tapTicks(page);
      const dashboard = new DashboardPage(page);
      await dashboard.open(link.url);
      if (mode !== 'socketio') await dashboard.chooseTransport(TRANSPORT_LABELS[mode]);
      viewers.push({ mode, name: TRANSPORT_LABELS[mode], dashboard, tap });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await link?.close();
    await app?.stop();
  });

  /** Each tab connected in its mode, ticks arriving in `epoch`, none of them missing or sent twice. */
  const expectEveryTick = async (epoch: number) => {
    for (const { mode, dashboard, tap, name } of viewers) {
      await expect.poll(() => dashboard.status(), { message: name, timeout: 10_000 }).toMatch(CONNECTED[mode]);
      const before = tap.latest(epoch) ?? 0;
      await expect.poll(() => tap.latest(epoch) ?? 0, { message: name, timeout: 5000 }).toBeGreaterThan(before);
      expect(tap.missing(epoch), name).toEqual([]);
      expect(tap.repeated(epoch), name).toEqual([]);
      expect(await dashboard.status(), name).not.toMatch(/lost/);
    }
  };

  /** Every tab's badge matches `state` within `timeoutMs`, all waited for at once. */
  const expectStatus = (state: RegExp, timeoutMs: number | ((mode: TransportMode) => number)) =>
    Promise.all(
      viewers.map(({ mode, dashboard, name }) =>
        expect
          .poll(() => dashboard.status(), {
            message: name,
            timeout: typeof timeoutMs === 'number' ? timeoutMs : timeoutMs(mode),
            interval: 250,
          })
          .toMatch(state),
      ),
    );

  it(
    'should show "Reconnecting" in every mode while the link is cut for 60 s, then deliver every tick missed',
    { timeout: 150_000 },
    async () => {
      for (const { mode, dashboard, name } of viewers) {
        await expect.poll(() => dashboard.status(), { message: name, timeout: 10_000 }).toMatch(CONNECTED[mode]);
      }
      await settle(1500);
      const epoch = onlyEpoch(viewers[0]!.tap);
      for (const { tap, name } of viewers)
        expect(
          tap.epochs.map((record) => record.epoch),
          name,
        ).toEqual([epoch]);
      const before = viewers.map(({ tap }) => tap.latest(epoch) ?? 0);
      link.cut();
      await expectStatus(/^Reconnecting/, 5000);
      await settle(60_000);
      for (const { dashboard, name } of viewers) expect(await dashboard.status(), name).toMatch(/^Reconnecting/);
      link.restore();

      await expectEveryTick(epoch);
      // Over 60 s away at 10 ticks a second (a little fewer on a busy machine): hundreds of ticks came
      // back, none of them twice or out of place.
      viewers.forEach(({ tap, name }, i) => expect((tap.latest(epoch) ?? 0) - before[i]!, name).toBeGreaterThan(500));
      for (const { dashboard, name } of viewers) {
        const note = /Back after 1 min \d+ s · ([\d,]+) ticks caught up/.exec(await dashboard.status());
        expect(note, name).not.toBeNull();
        expect(Number(note?.[1]?.replaceAll(',', '')), name).toBeGreaterThan(500);
      }
      expect(pageErrors).toEqual([]);
    },
  );

  it(
    'should notice a link that goes silent without closing, each mode within the silence it allows, and deliver every tick once it is back',
    { timeout: 120_000 },
    async () => {
      const epoch = onlyEpoch(viewers[0]!.tap);
      link.stall();
      // Nothing errors: each client notices by its own clock. The slowest, the long poll, sets how long
      // the link stays silent; the quick ones stay "Reconnecting" meanwhile.
      await expectStatus(/^Reconnecting/, (mode) => SILENCE_NOTICED_MS[mode] + SLACK_MS);
      for (const { dashboard, name } of viewers) expect(await dashboard.status(), name).toMatch(/^Reconnecting/);
      link.restore();

      await expectEveryTick(epoch);
      for (const { dashboard, name } of viewers) {
        expect(await dashboard.status(), name).toMatch(/Back after (1 min )?\d+(\.\d)? s · [\d,]+ ticks caught up/);
      }
      expect(pageErrors).toEqual([]);
    },
  );

  it(
    'should recover every mode within 3 s of a killed server coming back, into its new epoch, with no false loss',
    { timeout: 120_000 },
    async () => {
      const oldEpoch = onlyEpoch(viewers[0]!.tap);
      await app.kill();
      await expectStatus(/^Reconnecting/, 5000);
      app = await startApp();
      link.retarget(portOf(app.url));
      const back = Date.now();

      for (const { tap, name } of viewers) {
        const live = () => tap.epochs.find((record) => record.epoch !== oldEpoch)?.firstTickAt;
        await expect.poll(live, { message: name, timeout: 10_000 }).toBeDefined();
        const recoveredMs = live()! - back;
        expect(recoveredMs, `${name} had its first tick of the new market ${recoveredMs} ms after the server was back`).toBeLessThanOrEqual(
          3000,
        );
      }
      const newEpoch = viewers[0]!.tap.epochs.at(-1)!.epoch;
      await settle(2000);
      await expectEveryTick(newEpoch);
      for (const { dashboard, tap, name } of viewers) {
        expect(
          tap.epochs.map((record) => record.epoch),
          name,
        ).toEqual([oldEpoch, newEpoch]);
        expect(await dashboard.prices(), name).toHaveLength(20);
        expect(await dashboard.status(), name).toMatch(/Back after \d+(\.\d)? s · server restarted, new market/);
      }
      expect(pageErrors).toEqual([]);
    },
  );

  it('should say "Server restarting" in every mode when the server is stopped, and pick up its next market', { timeout: 120_000 }, async () => {
    const oldEpoch = viewers[0]!.tap.epochs.at(-1)!.epoch;
    const stopped = app.stop();
    // Each is told in its own way: Socket.IO's shutdown event, the plain WebSocket's close with 1012,
    // the SSE stream's shutdown event; a poll or long poll is answered 503 with a Retry-After, on the
    // connection the server keeps open for the drain.
    await expectStatus(/^Server restarting/, 5000);
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
    for (const { dashboard, name } of viewers) {
      expect(await dashboard.status(), name).toMatch(/Back after \d+(\.\d)? s · server restarted, new market/);
    }
    expect(pageErrors).toEqual([]);
  });
});
