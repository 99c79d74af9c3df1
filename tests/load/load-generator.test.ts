import { describe, expect, it } from 'vitest';
import { startTestServer } from '../support/start-test-server';
import { perMode, TRANSPORT_MODES } from '../../lib/protocol/transport-mode';
import { runLoad, viewerCounts, type LoadPlan } from '../programs/load/load-generator';
import { problemsOf } from '../programs/load/load-report';

const TICK_MS = 100;

async function liveServer() {
  const server = await startTestServer({ tickIntervalMs: TICK_MS });
  server.engine.start();
  return server;
}

describe('runLoad', () => {
  it('should connect every viewer and see every tick once, in every mode at once', async () => {
    const server = await liveServer();
    const plan: LoadPlan = {
      url: new URL(server.url),
      viewers: viewerCounts({ socketio: 50, websocket: 20, sse: 20, longpolling: 10, polling: 10 }),
      intervalMs: 100,
      durationMs: 3000,
      batch: 20,
    };
    const run = await runLoad(plan);
    const { socketio, polling } = run.tallies;

    expect(problemsOf(run)).toEqual([]);
    expect(run.interrupted).toBe(false);
    for (const tally of TRANSPORT_MODES.map((mode) => run.tallies[mode])) {
      expect(tally.connected).toBe(tally.viewers);
      expect(tally.failed + tally.dropped + tally.starved + tally.gaps + tally.duplicates).toBe(0);
      expect(tally.latency.summary().count).toBe(tally.ticks);
      expect(tally.bytesReceived).toBeGreaterThan(0);
    }
    // About 30 ticks each in 3 s; the ramp-up takes some of that time.
    expect(socketio.ticks).toBeGreaterThan(50 * 15);
    expect(polling.ticks).toBeGreaterThan(10 * 15);
    expect(socketio.requests).toBe(50);
    // 10 pollers × 3 s ÷ 100 ms = 300 polls, give or take the ramp-up and a busy machine's timers.
    expect(polling.requests).toBeGreaterThan(150);
    expect(polling.requests).toBeLessThanOrEqual(330);
    // Ages measured against the server's clock are positive and, on an idle loopback, well under a second.
    expect(socketio.latency.percentile(99)).toBeLessThan(1000);
    expect(polling.latency.percentile(50)).toBeLessThan(1000);
    // Every connection was closed, not left for the server to time out.
    await expect.poll(() => server.app.io.engine.clientsCount, { timeout: 3000 }).toBe(0);
    await expect.poll(() => server.app.websocket.clientCount + server.app.sse.size + server.app.longPolls.waiting, { timeout: 3000 }).toBe(0);
  });

  it('should stop early and still close every viewer when the signal aborts', async () => {
    const server = await liveServer();
    const interrupt = new AbortController();
    setTimeout(() => interrupt.abort(), 1000);
    const run = await runLoad(
      { url: new URL(server.url), viewers: perMode(() => 5), intervalMs: 200, durationMs: 60_000, batch: 5 },
      { signal: interrupt.signal },
    );
    expect(run.interrupted).toBe(true);
    expect(run.elapsedMs).toBeLessThan(5000);
    expect(problemsOf(run)).toEqual([]);
    await expect.poll(() => server.app.io.engine.clientsCount, { timeout: 3000 }).toBe(0);
    await expect.poll(() => server.app.websocket.clientCount + server.app.sse.size + server.app.longPolls.waiting, { timeout: 3000 }).toBe(0);
  });

  it('should count viewers that cannot connect as failed', async () => {
    const server = await liveServer();
    const url = new URL(server.url);
    await server.app.close();
    const viewers = viewerCounts({ socketio: 3, websocket: 2, sse: 4, longpolling: 1, polling: 2 });
    const run = await runLoad({ url, viewers, intervalMs: 100, durationMs: 1000, batch: 5 });
    expect(perMode((mode) => run.tallies[mode].failed)).toEqual(viewers);
    expect(problemsOf(run)).toHaveLength(5);
  });
});
