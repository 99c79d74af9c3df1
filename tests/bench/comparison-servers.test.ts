import { afterEach, describe, expect, it } from 'vitest';
import { startRedis } from '../support/redis-server';
import { runLoad, viewerCounts } from '../programs/load/load-generator';
import { problemsOf } from '../programs/load/load-report';
import { stopAllChildren } from '../programs/bench/processes/child-process';
import { readFdLimits } from '../programs/bench/processes/fd-limit';
import { BENCH_MARKET, startServerProcess } from '../programs/bench/servers/server-process';

/** Five Socket.IO viewers for 2 s: each must get every tick once, about 20 of them. */
const SMALL_LOAD = { viewers: viewerCounts({ socketio: 5 }), intervalMs: 1000, durationMs: 2000, batch: 5 };

describe('the servers the benchmarks compare this one with', () => {
  afterEach(() => stopAllChildren());

  it('should have Socket.IO as it comes deliver every tick to Socket.IO viewers', async () => {
    const server = await startServerProcess('socket.io-stock', 20, readFdLimits());
    const run = await runLoad({ ...SMALL_LOAD, url: server.url });
    await server.stop();
    expect(problemsOf(run)).toEqual([]);
    expect(run.tallies.socketio.connected).toBe(5);
    expect(run.tallies.socketio.ticks).toBeGreaterThan(5 * 10);
  });

  it('should have two processes on Redis deliver every tick to the viewers of both', async () => {
    const redis = await startRedis();
    try {
      const market = { ...BENCH_MARKET, redisUrl: redis.url };
      const servers = [
        await startServerProcess('app-redis', 20, readFdLimits(), market),
        await startServerProcess('app-redis', 20, readFdLimits(), market),
      ];
      const runs = await Promise.all(servers.map((server) => runLoad({ ...SMALL_LOAD, url: server.url })));
      await Promise.all(servers.map((server) => server.stop()));
      for (const [i, run] of runs.entries()) {
        expect(problemsOf(run), `server ${i}`).toEqual([]);
        expect(run.tallies.socketio.ticks).toBeGreaterThan(5 * 10);
      }
    } finally {
      await redis.stop();
    }
  });
});
