import { availableParallelism } from 'node:os';
import { ZERO_MODE_COUNTERS } from '../../../lib/protocol/meter-report';
import { perMode } from '../../../lib/protocol/transport-mode';
import { describe, expect, it } from 'vitest';
import { errorResponseSchema } from '../../../lib/protocol/poll-api';
import {
  SERVER_STATS_PATH,
  serverStatsMessageSchema,
  type ServerCounters,
  type ServerSample,
  type ServerStatsMessage,
} from '../../../lib/protocol/server-stats';
import { runLoad, viewerCounts } from '../../programs/load/load-generator';
import { startCountingProxy } from '../support/counting-proxy';
import { openEventStream, type EventStream } from '../../support/event-stream';
import { RawHttpConnection } from '../support/raw-http';
import { connectClient, connected, newTabId, nextTicks, openClient, type TickerClient } from '../../support/socket-client';
import { startTestServer, TEST_EPOCH, type TestServer } from '../../support/start-test-server';

interface StatsFeed {
  /** The first event: the process, and the samples the server had when the feed opened. */
  readonly opening: ServerStatsMessage;
  /** The events after it, a sample each. */
  readonly stream: EventStream<ServerStatsMessage>;
}

/** GET /api/server, read as its events. */
async function openStats(server: TestServer): Promise<StatsFeed> {
  const stream = await openEventStream(`${server.url}${SERVER_STATS_PATH}`, serverStatsMessageSchema);
  return { opening: await stream.next(), stream };
}

/** The next sample in the feed. */
async function nextSample({ stream }: StatsFeed): Promise<ServerSample> {
  const { samples } = await stream.next();
  const sample = samples.at(-1);
  if (!sample || samples.length > 1) throw new Error(`expected one sample in an event, got ${samples.length}`);
  return sample;
}

/** Reads samples until one satisfies `done` (at most `limit` of them), and returns it. */
async function sampleWhere(feed: StatsFeed, done: (sample: ServerSample) => boolean, limit = 30) {
  for (let read = 0; read < limit; read++) {
    const sample = await nextSample(feed);
    if (done(sample)) return sample;
  }
  throw new Error(`no sample in ${limit} satisfied the condition`);
}

/** The sample the server takes next, read in the process itself: no connection of its own in the figures. */
function sampleInProcess(server: TestServer): Promise<ServerSample> {
  return new Promise((resolve) => {
    const stop = server.app.stats.onSample((sample) => {
      stop();
      resolve(sample);
    });
  });
}

function growth(before: ServerSample, after: ServerSample, field: keyof ServerCounters): number {
  return after.totals[field] - before.totals[field];
}

/** A Socket.IO subscriber for `tab`, subscribed to the ticks. */
async function subscriber(url: string, tab: string): Promise<TickerClient> {
  const client = await connectClient(url, tab);
  await client.emitWithAck('subscribe', {});
  return client;
}

describe('server stats feed', () => {
  it('should describe this process, then send a sample about once a second, the first event with the samples so far', async () => {
    const server = await startTestServer({ tickIntervalMs: 250 });
    const first = await openStats(server);
    const { opening } = first;
    expect(opening.process).toMatchObject({
      pid: process.pid,
      cores: availableParallelism(),
      nodeVersion: process.version,
      tickIntervalMs: 250,
      sampleIntervalMs: 1000,
      pollerWindowMs: 6000,
    });
    expect(opening.process.startedAt).toBeLessThanOrEqual(Date.now());

    const a = await nextSample(first);
    const b = await nextSample(first);
    expect(b.at).toBeGreaterThan(a.at);
    expect(b.windowMs).toBeGreaterThan(0);

    const history = (await openStats(server)).opening.samples;
    expect(history.length).toBeGreaterThanOrEqual(2);
    expect(history.map((sample) => sample.at)).toEqual([...history.map((sample) => sample.at)].sort((x, y) => x - y));
    expect(history).toContainEqual(b);
  });

  it('should count the viewers a load connects by mode, its requests and frames per second, and forget them once it stops', async () => {
    const tickMs = 50;
    // No pings while the load runs: every frame in is one the viewers send to subscribe.
    const server = await startTestServer({ tickIntervalMs: tickMs }, { pingIntervalMs: 60_000 });
    server.engine.start();
    const stats = await openStats(server);
    const before = await nextSample(stats);
    expect(before.viewers).toEqual(perMode(() => 0));

    const plan = {
      url: new URL(server.url),
      viewers: viewerCounts({ socketio: 40, polling: 8 }),
      intervalMs: 100,
      durationMs: 60_000,
      batch: 20,
    };
    const stop = new AbortController();
    const running = runLoad(plan, { signal: stop.signal });
    try {
      const loaded = await sampleWhere(
        stats,
        (s) => s.viewers.socketio === plan.viewers.socketio && s.viewers.polling === plan.viewers.polling,
      );
      expect(loaded.viewers).toEqual({ ...perMode(() => 0), socketio: plan.viewers.socketio, polling: plan.viewers.polling });

      // What the load sends at most: every poller polls once an interval; every subscriber gets a frame a tick.
      // A busy machine delivers less in some seconds, so the test waits for a second near it, not for any one.
      const pollsPerSecond = (plan.viewers.polling * 1000) / plan.intervalMs;
      const framesPerSecond = (plan.viewers.socketio * 1000) / tickMs;
      const steady = await sampleWhere(
        stats,
        (s) =>
          s.perSecond.polls > pollsPerSecond * 0.5 &&
          s.perSecond.polls < pollsPerSecond * 1.3 &&
          s.perSecond.framesOut > framesPerSecond * 0.5 &&
          s.perSecond.framesOut < framesPerSecond * 1.3,
      );
      // Every request is counted, and polls are requests; the subscribers sent nothing in a steady second.
      expect(steady.perSecond.requests).toBeGreaterThanOrEqual(steady.perSecond.polls);
      expect(steady.perSecond.framesIn).toBe(0);
      // The bytes follow: polling's and Socket.IO's, both ways, within the whole server's.
      expect(steady.perSecond.pollingBytesIn).toBeGreaterThan(0);
      expect(steady.perSecond.socketioBytesOut).toBeGreaterThan(0);
      expect(steady.perSecond.bytesIn).toBeGreaterThanOrEqual(steady.perSecond.pollingBytesIn);
      expect(steady.perSecond.bytesOut).toBeGreaterThanOrEqual(steady.perSecond.socketioBytesOut + steady.perSecond.pollingBytesOut);
    } finally {
      stop.abort();
    }
    const run = await running;
    expect(run.tallies.socketio.connected).toBe(plan.viewers.socketio);
    expect(run.tallies.polling.connected).toBe(plan.viewers.polling);

    const after = await sampleWhere(stats, (s) => s.viewers.socketio === 0 && s.viewers.polling === 0, 10);
    // Every poll a poller made was counted, and every subscriber's upgrade with the polls as requests.
    expect(growth(before, after, 'polls')).toBe(run.tallies.polling.requests);
    expect(growth(before, after, 'requests')).toBe(run.tallies.polling.requests + plan.viewers.socketio);
    // Each subscriber sent two frames: Socket.IO's connect and the subscribe (it closes with a WebSocket close frame).
    expect(growth(before, after, 'framesIn')).toBe(2 * plan.viewers.socketio);
  });

  it("should count exactly the frames a broadcast sends, the polls that arrive and every byte, the ledger's per mode", async () => {
    // No pings during the test: every frame is one the test makes happen.
    const server = await startTestServer({}, { pingIntervalMs: 60_000 });
    const proxy = await startCountingProxy(server.port);
    const subscriberTabs = Array.from({ length: 6 }, () => newTabId());
    const pollerTabs = Array.from({ length: 3 }, () => newTabId());
    const clients = await Promise.all(subscriberTabs.map((tab) => subscriber(proxy.url, tab)));
    const pollers = await Promise.all(pollerTabs.map(() => RawHttpConnection.open(Number(new URL(proxy.url).port))));
    const before = await sampleInProcess(server);

    const ticks = 4;
    const received = Promise.all(clients.map((client) => nextTicks(client, ticks)));
    server.step(ticks);
    await received;
    const pollsEach = 5;
    for (let i = 0; i < pollsEach; i++) {
      await Promise.all(pollers.map((poller, p) => poller.get(`/api/ticks?since=${i}&epoch=${TEST_EPOCH}&tab=${pollerTabs[p]}`)));
    }
    const after = await sampleInProcess(server);

    expect(growth(before, after, 'framesOut')).toBe(clients.length * ticks);
    expect(growth(before, after, 'framesIn')).toBe(0);
    expect(growth(before, after, 'polls')).toBe(pollers.length * pollsEach);
    expect(growth(before, after, 'requests')).toBe(pollers.length * pollsEach);
    expect(after.viewers).toEqual({ ...perMode(() => 0), socketio: clients.length, polling: pollers.length });
    expect(after.connections).toBe(clients.length + pollers.length);

    // Each mode's bytes are the wire ledger's, summed over the tabs.
    const ledgerOf = (tabs: readonly string[], mode: 'socketio' | 'polling') =>
      tabs
        .map((tab) => server.app.ledger.report(tab).modes[mode])
        .reduce((sum, counters) => ({ up: sum.up + counters.bytesUp, down: sum.down + counters.bytesDown }), { up: 0, down: 0 });
    const socketio = ledgerOf(subscriberTabs, 'socketio');
    const polling = ledgerOf(pollerTabs, 'polling');
    expect({ in: after.totals.socketioBytesIn, out: after.totals.socketioBytesOut }).toEqual({ in: socketio.up, out: socketio.down });
    expect({ in: after.totals.pollingBytesIn, out: after.totals.pollingBytesOut }).toEqual({ in: polling.up, out: polling.down });
    expect(polling.up).toBe(pollers.reduce((sum, poller) => sum + poller.bytesSent, 0));

    // The whole server's bytes are every byte of every connection, as the proxy in front counted them.
    const proxied = proxy.connections.reduce((sum, c) => ({ up: sum.up + c.up, down: sum.down + c.down }), { up: 0, down: 0 });
    expect({ in: after.totals.bytesIn, out: after.totals.bytesOut }).toEqual({ in: proxied.up, out: proxied.down });
    expect(after.totals.bytesOut).toBe(socketio.down + polling.down);

    // A rate is its total's growth over the window.
    const next = await sampleInProcess(server);
    expect(next.perSecond.bytesOut).toBeCloseTo(((next.totals.bytesOut - after.totals.bytesOut) * 1000) / next.windowMs, 6);
  });

  it('should count the frames sent to a Socket.IO client that names no tab, which no meter watches, from its open packet on', async () => {
    const server = await startTestServer({}, { pingIntervalMs: 60_000 });
    const before = await sampleInProcess(server);
    const client = openClient(server.url);
    await connected(client);
    await client.emitWithAck('subscribe', {});
    const ticks = 3;
    const received = nextTicks(client, ticks);
    server.step(ticks);
    await received;
    const after = await sampleInProcess(server);

    // engine.io's open packet, Socket.IO's connect, the subscribe's answer, then a frame a tick.
    expect(growth(before, after, 'framesOut')).toBe(3 + ticks);
    expect(after.viewers.socketio).toBe(1);
    expect(server.app.ledger.tabCount).toBe(0);
  });

  it('should show a busy process with CPU, event-loop delay and memory within sane bounds', async () => {
    const server = await startTestServer();
    const stats = await openStats(server);
    await nextSample(stats);
    // Half a second of the test's own work in the event loop, in the window of a sample.
    const busyUntil = performance.now() + 500;
    while (performance.now() < busyUntil) Math.sqrt(Math.random());
    const busy = await nextSample(stats);

    expect(busy.cpuPercent).toBeGreaterThan(10);
    expect(busy.cpuPercent).toBeLessThanOrEqual(availableParallelism() * 100 + 50);
    // The loop was held for 500 ms, so the monitor's timer ran that late once: its max, and the p99.
    expect(busy.eventLoopDelay.maxMs).toBeGreaterThan(300);
    expect(busy.eventLoopDelay.p99Ms).toBeGreaterThan(0);
    expect(busy.memory.heapUsed).toBeGreaterThan(0);
    expect(busy.memory.heapTotal).toBeGreaterThanOrEqual(busy.memory.heapUsed);
    expect(busy.memory.rss).toBeGreaterThan(busy.memory.heapUsed);
  });

  it('should book its own traffic to no tab, leaving every ledger empty', async () => {
    const server = await startTestServer();
    const stats = await openStats(server);
    const sample = await sampleWhere(stats, (s) => s.totals.bytesOut > 0);
    expect(sample.totals.requests).toBe(1);
    expect(server.app.ledger.totals()).toEqual({
      ...ZERO_MODE_COUNTERS,
      overhead: { requests: 0, bytesUp: 0, bytesDown: 0 },
    });
    expect(server.app.ledger.tabCount).toBe(0);
  });

  it.each([
    {
      what: 'an unknown parameter',
      target: `${SERVER_STATS_PATH}?tab=abcdefgh`,
      method: 'GET',
      status: 400,
      message: /unknown parameter "tab"/,
    },
    { what: 'a repeated one', target: `${SERVER_STATS_PATH}?x=1&x=2`, method: 'GET', status: 400, message: /"x" is given more than once/ },
    { what: 'another method', target: SERVER_STATS_PATH, method: 'POST', status: 405, message: /method POST is not allowed/ },
  ])('should refuse $what with $status and a JSON message', async ({ target, method, status, message }) => {
    const server = await startTestServer();
    const connection = await RawHttpConnection.open(server.port);
    const answer = await connection.get(target, method);
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(errorResponseSchema.parse(JSON.parse(answer.body)).error).toMatch(message);
  });
});
