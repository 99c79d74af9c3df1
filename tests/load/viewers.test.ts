import { describe, expect, it } from 'vitest';
import type { ServerSample } from '../../lib/protocol/server-stats';
import { perMode, TRANSPORT_LABELS, type TransportMode } from '../../lib/protocol/transport-mode';
import { startTestServer, type TestServer } from '../support/start-test-server';
import { runLoad, viewerCounts, type LoadTallies } from '../programs/load/load-generator';
import { problemsOf } from '../programs/load/load-report';

const TICK_MS = 100;
const VIEWERS = 6;
/** Samples to wait for one that counts every viewer: a few seconds of a busy machine. */
const SAMPLE_LIMIT = 30;

async function liveServer(): Promise<TestServer> {
  const server = await startTestServer({ tickIntervalMs: TICK_MS });
  server.engine.start();
  return server;
}

/** The server's own samples, taken in its process, until one satisfies `done`. */
function sampleWhere(server: TestServer, done: (sample: ServerSample) => boolean): Promise<ServerSample> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const stop = server.app.stats.onSample((sample) => {
      seen += 1;
      if (done(sample)) {
        stop();
        resolve(sample);
      } else if (seen >= SAMPLE_LIMIT) {
        stop();
        reject(new Error(`no sample in ${SAMPLE_LIMIT} satisfied the condition; the last counted ${JSON.stringify(sample.viewers)}`));
      }
    });
  });
}

describe.each<TransportMode>(['websocket', 'sse', 'longpolling'])('the %s viewer', (mode) => {
  it(`should connect, receive every tick once, and be counted as a ${TRANSPORT_LABELS[mode]} viewer by the server`, async () => {
    const server = await liveServer();
    const stop = new AbortController();
    let tallies: LoadTallies | undefined;
    const running = runLoad(
      { url: new URL(server.url), viewers: viewerCounts({ [mode]: VIEWERS }), intervalMs: 1000, durationMs: 60_000, batch: VIEWERS },
      { signal: stop.signal, onStart: (started) => (tallies = started) },
    );
    try {
      const counted = await sampleWhere(server, (sample) => sample.viewers[mode] === VIEWERS);
      expect(counted.viewers).toEqual({ ...perMode(() => 0), [mode]: VIEWERS });
      // Every viewer keeps receiving: at least ten more ticks each than when it was counted.
      const before = tallies?.[mode].ticks ?? 0;
      await expect.poll(() => tallies?.[mode].ticks, { timeout: 20_000 }).toBeGreaterThan(before + VIEWERS * 10);
    } finally {
      stop.abort();
    }
    const run = await running;
    const tally = run.tallies[mode];

    expect(problemsOf(run)).toEqual([]);
    expect(tally.connected).toBe(VIEWERS);
    // No gap and no duplicate: each viewer's ticks were consecutive from its snapshot on.
    expect(tally.gaps + tally.duplicates + tally.dropped + tally.failed + tally.starved).toBe(0);
    expect(tally.latency.summary().count).toBe(tally.ticks);
    expect(tally.bytesReceived).toBeGreaterThan(0);
    // Every viewer closed its connection: none is left for the server to time out.
    await expect
      .poll(() => ({ websocket: server.app.websocket.clientCount, sse: server.app.sse.size, held: server.app.longPolls.waiting }))
      .toEqual({
        websocket: 0,
        sse: 0,
        held: 0,
      });
    if (mode === 'longpolling') {
      // One request per answer: at least one a tick, most of them held until the tick came.
      expect(tally.requests).toBeGreaterThanOrEqual(tally.ticks / VIEWERS);
    } else {
      expect(tally.requests).toBe(VIEWERS);
    }
  }, 60_000);
});

describe('the Server-Sent Events viewer', () => {
  it('should reconnect with Last-Event-ID when its stream ends, and carry on without a gap or a repeat', async () => {
    const server = await liveServer();
    const stop = new AbortController();
    let tallies: LoadTallies | undefined;
    const running = runLoad(
      { url: new URL(server.url), viewers: viewerCounts({ sse: VIEWERS }), intervalMs: 1000, durationMs: 60_000, batch: VIEWERS },
      { signal: stop.signal, onStart: (started) => (tallies = started) },
    );
    try {
      await expect.poll(() => tallies?.sse.connected, { timeout: 20_000 }).toBe(VIEWERS);
      await expect.poll(() => tallies?.sse.ticks, { timeout: 20_000 }).toBeGreaterThan(VIEWERS * 5);
      // As at a shutdown: every stream is told and ended, while the server goes on ticking.
      expect(server.app.sse.endAll()).toBe(VIEWERS);
      await expect.poll(() => tallies?.sse.dropped, { timeout: 20_000 }).toBe(VIEWERS);
      await expect.poll(() => server.app.sse.size, { timeout: 20_000 }).toBe(VIEWERS);
      const resumed = tallies?.sse.ticks ?? 0;
      await expect.poll(() => tallies?.sse.ticks, { timeout: 20_000 }).toBeGreaterThan(resumed + VIEWERS * 5);
    } finally {
      stop.abort();
    }
    const run = await running;
    const { sse } = run.tallies;
    expect(sse.requests).toBe(2 * VIEWERS);
    // The ticks made while the streams were down came in the resumed streams' catch-up, in order.
    expect({ gaps: sse.gaps, duplicates: sse.duplicates, failed: sse.failed }).toEqual({ gaps: 0, duplicates: 0, failed: 0 });
    expect(problemsOf(run)).toEqual([`Server-Sent Events: ${VIEWERS} connections lost`]);
  }, 60_000);
});
