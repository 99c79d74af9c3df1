import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { TICK_EVENT } from '../../../lib/protocol/socket-events';
import { decodeTick } from '../../../lib/protocol/tick-codec';
import { MAX_UNSENT_BYTES, SLOW_CHECK_INTERVAL_MS, SlowConsumers, unsentBytes } from '../../../server/guard/slow-consumers';
import { poll } from '../support/poll-client';
import { openRawSubscriber } from '../support/raw-socket-io';
import { connectClient, newTabId, nextTicks, type TickerClient } from '../../support/socket-client';
import { startTestServer, type TestServer } from '../../support/start-test-server';

/** The figure: the reader stops for 30 s. */
const STALL_MS = 30_000;
const BASELINE_MS = 3000;
const SAMPLE_EVERY_MS = 100;
/**
 * The market, stepped by the test: 500 symbols (the most the options allow) with the default 100 ms price
 * moves, 4 ticks every 10 ms. About 1.5 MB a second to each subscriber, so the stalled one fills the
 * kernel's buffers (about 4.5 MB on loopback here) within seconds, and then this process's.
 */
const MARKET = { symbols: 500, tickIntervalMs: 100 };
const STEP_EVERY_MS = 10;
const TICKS_PER_STEP = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The value `share` of the way up the sorted values (0.99: the 99th percentile). */
function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
}

interface Arrival {
  readonly seq: number;
  /** Milliseconds from the tick's server timestamp to its arrival: one process, one clock. */
  readonly ageMs: number;
  readonly at: number;
}

/** A socket.io-client subscriber that keeps reading, recording every live tick as it arrives. */
async function readingSubscriber(server: TestServer): Promise<{ client: TickerClient; arrivals: Arrival[] }> {
  const client = await connectClient(server.url, newTabId());
  const arrivals: Arrival[] = [];
  client.on(TICK_EVENT, (wire) => {
    const tick = decodeTick(wire);
    const at = Date.now();
    arrivals.push({ seq: tick.seq, ageMs: at - tick.ts, at });
  });
  await client.emitWithAck('subscribe', {});
  return { client, arrivals };
}

describe('slow consumers', () => {
  it('should cut a Socket.IO client that stops reading for 30 s once it holds too much, while a reading one gets every tick in time', async () => {
    const server = await startTestServer(MARKET);
    const { arrivals } = await readingSubscriber(server);
    const slowTab = newTabId();
    const slow = await openRawSubscriber(server.port, slowTab);
    const slowOnServer = [...server.app.io.sockets.sockets.values()].find((socket) => socket.handshake.query.tab === slowTab);
    if (!slowOnServer) throw new Error('the raw subscriber is not on the server');
    let cutAt: number | undefined;
    slowOnServer.on('disconnect', () => (cutAt ??= Date.now()));

    const ticking = setInterval(() => server.step(TICKS_PER_STEP), STEP_EVERY_MS);
    onTestFinished(() => clearInterval(ticking));
    await sleep(BASELINE_MS);
    const stallStart = Date.now();
    slow.pause();
    let mostUnsent = 0;
    while (Date.now() - stallStart < STALL_MS) {
      if (cutAt === undefined) mostUnsent = Math.max(mostUnsent, unsentBytes(slowOnServer.conn));
      await sleep(SAMPLE_EVERY_MS);
    }
    clearInterval(ticking);

    // Cut, never holding more than the limit and what two checks' worth of ticks add to it.
    expect(cutAt).toBeDefined();
    const tickBytes = Math.max(...slow.received.map((frame) => frame.payload.length));
    const ticksPerCheck = (SLOW_CHECK_INTERVAL_MS / STEP_EVERY_MS) * TICKS_PER_STEP;
    expect(mostUnsent).toBeGreaterThan(MAX_UNSENT_BYTES);
    expect(mostUnsent).toBeLessThanOrEqual(MAX_UNSENT_BYTES + 3 * ticksPerCheck * tickBytes);
    expect(server.app.stats.recent().at(-1)?.totals.slowReadersCut).toBe(1);
    // Once it reads again it gets what the kernel held, then the end of the connection.
    slow.resume();
    await slow.closed();

    // The reader got every tick, once and in order, and no later than it did before the stall.
    await vi.waitFor(() => expect(arrivals.at(-1)?.seq).toBe(server.engine.latestSeq));
    const seqs = arrivals.map((arrival) => arrival.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => (seqs[0] ?? 0) + i));
    const baseline = arrivals.filter((arrival) => arrival.at < stallStart).map((arrival) => arrival.ageMs);
    const stalled = arrivals.filter((arrival) => arrival.at >= stallStart).map((arrival) => arrival.ageMs);
    // Generous: two shared cores, and the stall lasts ten times as long as the baseline, so it meets more
    // of the machine's own hiccups.
    for (const share of [0.5, 0.99]) {
      const [before, during] = [percentile(baseline, share), percentile(stalled, share)];
      expect(during, `tick age at ${share * 100}%: ${before} ms before the stall, ${during} ms during it`).toBeLessThanOrEqual(
        3 * before + (share === 0.5 ? 20 : 200),
      );
    }

    // And the server still serves: a poll and a new subscriber.
    expect((await poll(server.url)).kind).toBe('snapshot');
    const { client: late } = await readingSubscriber(server);
    const next = nextTicks(late, 2);
    server.step(2);
    expect((await next).map((wire) => decodeTick(wire).seq)).toEqual([server.engine.latestSeq - 1, server.engine.latestSeq]);
  }, 60_000);
});

/** A connection with `unsent` bytes in its socket's buffer, as the check sees it, and whether it was cut. */
function fakeConnection(unsent: number) {
  const socket = { writableLength: unsent, destroyed: false, remoteAddress: '127.0.0.1', destroy: () => (socket.destroyed = true) };
  const connection = Object.assign(new EventEmitter(), { request: { socket } as unknown as IncomingMessage });
  return { connection, socket };
}

/** The check over connections the test makes, checked when the test says (its own timer never fires in time). */
function checked() {
  const engine = new EventEmitter();
  let cut = 0;
  const guard = new SlowConsumers(engine, () => (cut += 1));
  onTestFinished(() => guard.close());
  return {
    guard,
    cut: () => cut,
    connect: (unsent: number) => {
      const fake = fakeConnection(unsent);
      engine.emit('connection', fake.connection);
      return fake;
    },
  };
}

describe('the slow consumer check', () => {
  it('should cut a connection over the limit at two checks in a row that did not go down between them', () => {
    const { guard, cut, connect } = checked();
    const stalled = connect(MAX_UNSENT_BYTES + 1);
    guard.check();
    expect(stalled.socket.destroyed).toBe(false);
    guard.check();
    expect(stalled.socket.destroyed).toBe(true);
    expect(cut()).toBe(1);
  });

  it('should spare a connection over the limit that is draining, and one at the limit', () => {
    const { guard, cut, connect } = checked();
    const draining = connect(4 * MAX_UNSENT_BYTES);
    const atLimit = connect(MAX_UNSENT_BYTES);
    for (let i = 0; i < 3; i++) {
      guard.check();
      draining.socket.writableLength -= 1;
    }
    expect([draining.socket.destroyed, atLimit.socket.destroyed, cut()]).toEqual([false, false, 0]);
    // Once it stops going down it is as stalled as any.
    guard.check();
    guard.check();
    expect(draining.socket.destroyed).toBe(true);
  });

  it('should forget a connection once it closes', () => {
    const { guard, cut, connect } = checked();
    const closed = connect(2 * MAX_UNSENT_BYTES);
    guard.check();
    closed.connection.emit('close');
    guard.check();
    expect([closed.socket.destroyed, cut()]).toEqual([false, 0]);
  });
});
