import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type AppProcess } from '../support/app-process';
import { SERVER_STATS_PATH, serverStatsMessageSchema, type MarketRole } from '../../lib/protocol/server-stats';
import { openEventStream } from '../support/event-stream';
import { runLoad, viewerCounts } from '../programs/load/load-generator';
import { problemsOf } from '../programs/load/load-report';
import { openMeter } from '../support/meter-stream';
import { connectClient, newTabId } from '../support/socket-client';
import { startRedis, type RedisServer } from '../support/redis-server';
import { holesIn, recordPolling, recordResumingSocketIo, recordSocketIo, untilSeq, type TickRecord } from './support/tick-recorders';

// Two real processes of the app (server/main.ts, as `npm start` runs it) on one real redis-server.

const running: { close(): void | Promise<void> }[] = [];
afterEach(async () => {
  // Viewers first, then the processes, then Redis: nothing left reconnecting to something already gone.
  for (const thing of running.splice(0).reverse()) await thing.close();
});

async function redis(): Promise<RedisServer> {
  const server = await startRedis();
  running.push({ close: () => server.stop() });
  return server;
}

async function app(redisUrl: string, ...args: string[]): Promise<AppProcess> {
  const process = await startApp(['--redis-url', redisUrl, ...args]);
  running.push({ close: () => process.stop() });
  return process;
}

function record<T extends TickRecord>(recorder: T): T {
  running.push(recorder);
  return recorder;
}

/** Waits until exactly one of the processes says it leads, and returns it. */
async function leaderOf(processes: readonly AppProcess[]): Promise<AppProcess> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const leading = processes.filter((process) => /leads the market/.test(process.output()));
    if (leading.length === 1 && leading[0]) return leading[0];
    if (Date.now() > deadline) throw new Error(`${leading.length} processes lead:\n${processes.map((p) => p.output()).join('\n---\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The role a process's server panel shows, once it shows `expected` (or the test times out). */
async function panelRole(process: AppProcess, expected: MarketRole): Promise<MarketRole | undefined> {
  const stream = await openEventStream(`${process.url}${SERVER_STATS_PATH}`, serverStatsMessageSchema);
  const message = await stream.until((m) => m.samples.at(-1)?.role === expected);
  return message.samples.at(-1)?.role;
}

const latestSeq = (records: readonly TickRecord[]) => Math.max(...records.map((r) => r.ticks.at(-1)?.seq ?? 0));

describe('a market shared through Redis by two processes', () => {
  it('should give Socket.IO subscribers and pollers on either process the very same ticks', async () => {
    const { url } = await redis();
    const first = await app(url);
    const second = await app(url);
    expect(await leaderOf([first, second])).toBe(first);

    const records = [
      record(await recordSocketIo(first.url, 'Socket.IO on the leader')),
      record(await recordSocketIo(second.url, 'Socket.IO on the follower')),
      record(recordPolling(first.url, 'polling the leader')),
      record(recordPolling(second.url, 'polling the follower')),
    ];
    await untilSeq(records, 1);
    const from = latestSeq(records) + 2;
    await untilSeq(records, from + 30);

    const window = (r: TickRecord) => r.ticks.filter((tick) => tick.seq >= from && tick.seq <= from + 30);
    const [reference, ...others] = records.map(window);
    expect(reference?.map((tick) => tick.seq)).toEqual(Array.from({ length: 31 }, (_, i) => from + i));
    // Timestamps included: every process serves the leader's ticks, not ticks of its own.
    for (const other of others) expect(other).toEqual(reference);
    for (const r of records) {
      expect(holesIn(r), r.name).toEqual([]);
      expect(r.repeats, r.name).toEqual([]);
    }
  });

  it('should give hundreds of viewers of every mode opening at once on either process every tick once', async () => {
    // Viewers subscribing while a tick is on its way through Redis are where a repeat or a hole would come from.
    const { url } = await redis();
    const first = await app(url);
    const second = await app(url);
    await leaderOf([first, second]);
    const viewers = viewerCounts({ socketio: 300, websocket: 100, sse: 100, longpolling: 50, polling: 20 });
    const plan = { viewers, intervalMs: 100, durationMs: 5000, batch: 100 };
    const runs = await Promise.all([first, second].map((process) => runLoad({ ...plan, url: new URL(process.url) })));
    for (const run of runs) {
      expect(problemsOf(run)).toEqual([]);
      for (const mode of ['socketio', 'websocket', 'sse', 'longpolling'] as const) {
        expect(run.tallies[mode].connected, mode).toBe(viewers[mode]);
        // Five seconds at ten ticks a second, less the opening: every viewer of a push mode or a long poll sees most of them.
        expect(run.tallies[mode].ticks, mode).toBeGreaterThan(viewers[mode] * 20);
      }
      expect(run.tallies.polling.connected).toBe(viewers.polling);
    }
  });

  it("should meter a tab's traffic on every process, whichever one its meter feed reaches", async () => {
    const { url } = await redis();
    const first = await app(url);
    const second = await app(url);
    const tab = newTabId();
    // The tab's WebSocket and polls on the first process; its meter feed on the second.
    await connectClient(first.url, tab);
    let polls = 0;
    for (; polls < 12; polls++) await fetch(`${first.url}/api/ticks?tab=${tab}`).then((response) => response.text());
    const meter = await openMeter(second.url, tab);
    const report = await meter.until((r) => r.modes.polling.requests >= polls && r.modes.socketio.bytesDown > 0);
    expect(report.modes.polling.requests).toBe(polls);
    expect(report.modes.polling.bytesUp).toBeGreaterThan(polls * 50);
    expect(report.breakdown.polling.requestHeaders).toBe(report.modes.polling.bytesUp);
    // The first process's own view of the tab, read through a feed of its own, agrees with the sum.
    const own = await (await openMeter(first.url, tab)).until((r) => r.modes.polling.requests >= polls);
    expect(own.modes.polling).toEqual(report.modes.polling);
  });

  it('should hand the market to the other process within 2 s of the leader dying, without a hole or a repeat', async () => {
    const { url } = await redis();
    const first = await app(url);
    const second = await app(url);
    expect(await leaderOf([first, second])).toBe(first);
    expect(await panelRole(first, 'leader')).toBe('leader');
    expect(await panelRole(second, 'follower')).toBe('follower');
    const records = [
      record(await recordSocketIo(second.url, 'Socket.IO on the survivor')),
      record(recordPolling(second.url, 'polling the survivor')),
    ];
    await untilSeq(records, latestSeq(records) + 10);

    await first.kill();
    const killedAt = latestSeq(records);
    await untilSeq(records, killedAt + 20);

    expect(second.output()).toMatch(/leads the market from seq \d+/);
    expect(await panelRole(second, 'leader')).toBe('leader');
    for (const r of records) {
      expect(holesIn(r), r.name).toEqual([]);
      expect(new Set(r.ticks.map((tick) => tick.epoch)).size, r.name).toBe(1);
      // A repeat may only be the old leader's last tick made again, and then identical.
      expect(
        r.repeats.every((repeat) => repeat.same),
        r.name,
      ).toBe(true);
      const pauses = r.ticks.slice(1).map((tick, i) => tick.ts - (r.ticks[i]?.ts ?? tick.ts));
      // The leader's own clock on both sides: how long the market stood still while the lease ran out.
      expect(Math.max(...pauses), r.name).toBeLessThan(2000);
    }
  });

  it('should carry on with the same market when Redis restarts empty', async () => {
    const server = await redis();
    const first = await app(server.url);
    const second = await app(server.url);
    await leaderOf([first, second]);
    const records = [
      record(await recordSocketIo(first.url, 'Socket.IO on the first')),
      record(await recordSocketIo(second.url, 'Socket.IO on the second')),
      record(recordPolling(first.url, 'polling the first')),
      record(recordPolling(second.url, 'polling the second')),
    ];
    await untilSeq(records, latestSeq(records) + 10);
    const before = latestSeq(records);

    await server.restart();
    await untilSeq(records, before + 30, 30_000);

    for (const r of records) {
      expect(holesIn(r), r.name).toEqual([]);
      expect(new Set(r.ticks.map((tick) => tick.epoch)).size, r.name).toBe(1);
      expect(
        r.repeats.every((repeat) => repeat.same),
        r.name,
      ).toBe(true);
    }
    const output = first.output() + second.output();
    expect(output).toMatch(/connected again/);
  });
});

describe('--workers 2: two processes on one port', () => {
  it('should serve one market on the port, and keep it going when the leading worker is killed', async () => {
    const { url } = await redis();
    const pool = await app(url, '--workers', '2');
    const leaderPid = async () => {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const match = /\/(\d+)\/\w+ leads the market/.exec(pool.output());
        if (match?.[1] && (pool.output().match(/Live ticker on/g) ?? []).length >= 2) return Number(match[1]);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`no worker leads:\n${pool.output()}`);
    };
    const pid = await leaderPid();
    // A viewer whose connection went to the killed worker fails once and comes back on the other. The
    // port hands connections to the workers in turn, so two of each kind have one on each.
    const subscribers = [recordResumingSocketIo(pool.url, 'Socket.IO on the port'), recordResumingSocketIo(pool.url, 'Socket.IO on it again')];
    const records = [
      record(recordPolling(pool.url, 'polling the port')),
      record(recordPolling(pool.url, 'polling it again')),
      ...subscribers.map(record),
    ];
    await untilSeq(records, latestSeq(records) + 10);

    process.kill(pid, 'SIGKILL');
    await untilSeq(records, latestSeq(records) + 20);

    expect(pool.output()).toMatch(new RegExp(`process ${pid} ended \\(SIGKILL\\)`));
    expect(pool.output()).toMatch(/leads the market from seq [1-9]\d*/);
    for (const r of records) {
      expect(holesIn(r), r.name).toEqual([]);
      expect(new Set(r.ticks.map((tick) => tick.epoch)).size, r.name).toBe(1);
    }
    expect(
      subscribers.some((subscriber) => subscriber.connects() > 1),
      'a subscriber was on the killed worker',
    ).toBe(true);
  });
});
