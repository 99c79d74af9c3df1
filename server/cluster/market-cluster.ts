import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import createDebug from 'debug';
import { MarketEngine } from '../../lib/market/market-engine';
import type { MarketConfigInput } from '../../lib/market/market-config';
import type { MarketState } from '../../lib/market/market-state';
import type { Tick } from '../../lib/protocol/tick';
import { LeaderLease } from './leader-lease';
import { MarketStore } from './market-store';
import { connectRedis } from './redis-connection';
import { REDIS_KEYS } from './redis-keys';
import { tickRelayAdapter } from './tick-relay';

const debug = createDebug('ticker:cluster');

export type ClusterRole = 'leader' | 'follower';

export interface MarketClusterOptions {
  readonly redisUrl: string;
  /** The market to start when Redis has none yet; a market already on Redis is joined as it is. */
  readonly config: MarketConfigInput;
  /** Something this process cannot carry on from (the market on Redis changed its configuration). */
  readonly onFatal: (message: string) => void;
}

export interface MarketCluster {
  /** This process's copy of the market: ticking while it leads, replaying the leader's ticks otherwise. */
  readonly engine: MarketEngine;
  /** The Socket.IO adapter every process's server must use (see tickRelayAdapter). */
  readonly adapter: ReturnType<typeof tickRelayAdapter>;
  readonly holder: string;
  readonly role: ClusterRole;
  /**
   * Runs `answer` once this copy of the market is in step with the leader's: at once when it is, else
   * right after it has caught up. A subscriber answered from a copy that is behind would get its
   * catch-up from there and its live ticks from the leader, with the ticks between them missing.
   */
  whenInStep(answer: () => void): void;
  /** Checks the copy against Redis and starts competing for leadership: call once the server listens. */
  start(): void;
  /** Hands leadership over at once and stops; the Socket.IO server must be closed before the connections. */
  leave(): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * One process's part in a market shared through Redis. Every process keeps a whole copy of the engine;
 * exactly one (the lease holder) runs its timer, saves the state after each tick and broadcasts it. The
 * others replay each tick as it arrives through the adapter — prices are a pure function of the state,
 * so the replay checks the leader's tick and leaves each follower ready to lead from the very next one.
 */
export async function joinMarketCluster(options: MarketClusterOptions): Promise<MarketCluster> {
  const redis = await connectRedis(options.redisUrl, 'market', true);
  const leaseRedis = await connectRedis(options.redisUrl, 'lease', false);
  const holder = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  const store = new MarketStore(redis, holder);
  const saved = await store.load();
  const engine = new MarketEngine(saved?.config ?? options.config, saved ? { epoch: saved.epoch } : {});
  if (saved) engine.adopt(saved, await store.recentTicks(engine.historyCapacity));

  // Registered before the server's own listeners, so the state goes to Redis ahead of the tick's broadcast.
  engine.onTick((_tick, origin) => {
    if (origin === 'made') store.save(engine.state());
  });

  /**
   * Ticks that came while a state was being fetched, replayed once it is in. A new copy starts out
   * waiting: ticks made between loading the state above and the adapter's first read of the stream
   * never come through the adapter, so once it reads the stream the copy looks at Redis again.
   */
  let waiting: Tick[] | undefined = [];
  let reading = false;
  let started = false;
  let answers: (() => void)[] = [];

  /** Carries on from a saved state that is ahead of this copy, with the history the stream still holds. */
  const adoptIfAhead = async (state: MarketState | undefined): Promise<boolean> => {
    if (!state || (state.epoch === engine.epoch && state.seq <= engine.latestSeq)) return true;
    if (!engine.configuredAs(state.config)) {
      options.onFatal(`the market on Redis (${REDIS_KEYS.market}) now has another configuration; restart this process to join it`);
      return false;
    }
    engine.adopt(state, await store.recentTicks(engine.historyCapacity));
    return true;
  };

  const catchUp = async (): Promise<void> => {
    try {
      await adoptIfAhead(await store.load());
    } catch (error) {
      debug('catching up failed: %s', (error as Error).message);
    }
    const ticks = waiting ?? [];
    waiting = undefined;
    for (const tick of ticks) follow(tick);
    // A replayed tick may have found another hole and started over; the answers wait for that too.
    if (waiting) return;
    const due = answers;
    answers = [];
    for (const answer of due) answer();
  };

  const follow = (tick: Tick): void => {
    if (lease.isLeader) return;
    if (waiting) {
      waiting.push(tick);
      return;
    }
    if (tick.epoch === engine.epoch && tick.seq <= engine.latestSeq) return;
    if (engine.replay(tick)) return;
    // A hole, another epoch, or a tick this copy would not have made: start again from the saved state.
    debug('tick %d/%d does not follow %d/%d; catching up from Redis', tick.epoch, tick.seq, engine.epoch, engine.latestSeq);
    waiting = [tick];
    void catchUp();
  };

  const lead = async (): Promise<void> => {
    try {
      // Redis may hold a tick this copy never saw (the old leader's last); carry on from whichever is newer.
      if (!(await adoptIfAhead(await store.load()))) return;
    } catch (error) {
      debug('no saved state to check against: %s', (error as Error).message);
    }
    if (!lease.isLeader) return;
    engine.start();
    console.log(`cluster: ${holder} leads the market from seq ${engine.latestSeq}`);
  };

  const lease = new LeaderLease(leaseRedis, REDIS_KEYS.leader, holder, (leader) => {
    if (leader) void lead();
    else {
      engine.stop();
      console.log(`cluster: ${holder} follows`);
    }
  });

  const lookAgain = () => {
    if (reading && started) void catchUp();
  };

  return {
    engine,
    adapter: tickRelayAdapter(redis, follow, () => {
      reading = true;
      lookAgain();
    }),
    holder,
    get role(): ClusterRole {
      return lease.isLeader ? 'leader' : 'follower';
    },
    whenInStep(answer) {
      if (waiting) answers.push(answer);
      else answer();
    },
    start() {
      started = true;
      lookAgain();
      lease.start();
    },
    async leave() {
      engine.stop();
      await lease.stop();
    },
    async disconnect() {
      await Promise.allSettled([redis.close(), leaseRedis.close()]);
    },
  };
}
