import { describe, expect, it } from 'vitest';
import { runLoad, viewerCounts } from '../programs/load/load-generator';
import { dashboardSuite } from './support/dashboard-suite';
import { REPORT_LAG_MS, settle } from './support/settle';
import { ServerPanelReader } from './support/server-panel-reader';

/** Long enough for a loaded, shared machine to ramp up, sample and redraw; the figures come a second apart. */
const RISE_MS = 45_000;

describe('server panel', () => {
  const suite = dashboardSuite();

  it('should show the server process live, this page among its Socket.IO viewers', async () => {
    const panel = new ServerPanelReader(suite.page);
    await expect.poll(() => panel.live(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => panel.viewers('socketio'), { timeout: 10_000 }).toBe(1);
    expect(await panel.viewers('polling')).toBe(0);
    expect(await panel.pid()).toBeGreaterThan(0);
    expect(await panel.region.getByText('this server process').isVisible()).toBe(true);
    for (const label of ['Viewers', 'HTTP requests', 'WebSocket frames', 'Bytes', 'CPU', 'Event-loop delay', 'Memory']) {
      expect(await panel.region.getByRole('heading', { name: label, exact: true }).isVisible(), label).toBe(true);
    }
  });

  it("should leave the tab's meter alone: its overhead is the meter feed's one request", async () => {
    await settle(REPORT_LAG_MS);
    expect((await suite.dashboard.overhead()).requests).toBe(1);
  });

  it('should rise to the viewers and requests a load adds, and fall back once it stops', async () => {
    const panel = new ServerPanelReader(suite.page);
    const plan = {
      url: new URL(suite.app.url),
      viewers: viewerCounts({ socketio: 200, polling: 20 }),
      intervalMs: 100,
      durationMs: 120_000,
      batch: 100,
    };
    // 20 pollers every 100 ms: 200 polls a second at most, the page's own requests on top.
    const pollsPerSecond = (plan.viewers.polling * 1000) / plan.intervalMs;
    const stop = new AbortController();
    const running = runLoad(plan, { signal: stop.signal });
    try {
      await expect.poll(() => panel.viewers('socketio'), { timeout: RISE_MS }).toBe(plan.viewers.socketio + 1);
      await expect.poll(() => panel.viewers('polling'), { timeout: RISE_MS }).toBe(plan.viewers.polling);
      // Some second of a busy machine's comes near it; none goes far past it.
      await expect
        .poll(() => panel.requestsPerSecond(), { timeout: RISE_MS })
        .toSatisfy((rate: number) => rate > pollsPerSecond * 0.5 && rate < pollsPerSecond * 1.5);
    } finally {
      stop.abort();
    }
    const run = await running;
    expect(run.tallies.socketio.connected).toBe(plan.viewers.socketio);
    expect(run.tallies.polling.connected).toBe(plan.viewers.polling);

    await expect.poll(() => panel.viewers('socketio'), { timeout: RISE_MS }).toBe(1);
    // Pollers count for a few seconds after their last poll.
    await expect.poll(() => panel.viewers('polling'), { timeout: RISE_MS }).toBe(0);
    await expect.poll(() => panel.requestsPerSecond(), { timeout: RISE_MS }).toBeLessThan(pollsPerSecond * 0.1);
    expect(suite.pageErrors).toEqual([]);
  });
});
