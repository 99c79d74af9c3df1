import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TICK_EVENT } from '../../lib/protocol/socket-events';
import { decodeTick } from '../../lib/protocol/tick-codec';
import { createAppServer, type AppServer } from '../../server/app-server';
import { joinMarketCluster, type MarketCluster } from '../../server/cluster/market-cluster';
import { connectClient, newTabId } from '../support/socket-client';
import { startRedis, type RedisServer } from '../support/redis-server';

const MARKET = { symbols: 5, tickIntervalMs: 100, seed: 3 };

/** A process's part in the market and its server, in this test process, like the cluster benchmark's child. */
async function serve(cluster: MarketCluster): Promise<{ app: AppServer; url: string }> {
  const app = createAppServer(cluster.engine, undefined, {
    adapter: cluster.adapter,
    clusterHolder: cluster.holder,
    role: () => cluster.role,
    whenInStep: (answer) => cluster.whenInStep(answer),
  });
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  return { app, url: `http://127.0.0.1:${(app.http.address() as AddressInfo).port}` };
}

describe('a process joining a shared market', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  });

  it('should answer a subscriber only once its copy has caught up, so live ticks follow the answer without a hole', async () => {
    const redis: RedisServer = await startRedis();
    cleanups.push(() => redis.stop());
    const join = async (serverAfterMs = 0) => {
      const cluster = await joinMarketCluster({ redisUrl: redis.url, config: MARKET, onFatal: (message) => expect.fail(message) });
      await new Promise((resolve) => setTimeout(resolve, serverAfterMs));
      const served = await serve(cluster);
      cleanups.push(async () => {
        await cluster.leave();
        await served.app.close();
        await cluster.disconnect();
      });
      return { cluster, ...served };
    };

    const leader = await join();
    leader.cluster.start();
    await expect.poll(() => leader.cluster.role).toBe('leader');
    await expect.poll(() => leader.cluster.engine.latestSeq, { timeout: 5000 }).toBeGreaterThan(5);

    // The follower loads the market's state when it joins, and its server (with the adapter that brings
    // the leader's ticks) comes up a second later, as one starting Next's pages would: by then its copy
    // is about ten ticks behind the leader's, and a subscriber may arrive before the first live tick shows it.
    const follower = await join(1000);
    const behind = follower.cluster.engine.latestSeq;
    expect(leader.cluster.engine.latestSeq - behind).toBeGreaterThanOrEqual(5);

    const client = await connectClient(follower.url, newTabId());
    const live: number[] = [];
    client.on(TICK_EVENT, (wire) => live.push(decodeTick(wire).seq));
    const answered = client.emitWithAck('subscribe', {});
    follower.cluster.start();
    const reply = await answered;
    await expect.poll(() => live.length, { timeout: 5000 }).toBeGreaterThanOrEqual(10);

    expect(reply.kind).toBe('snapshot');
    const from = reply.kind === 'snapshot' ? reply.snapshot.seq : Number.NaN;
    expect(from).toBeGreaterThan(behind);
    expect(live.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => from + 1 + i));
    client.disconnect();
  });
});
