import createDebug from 'debug';
import { marketStateSchema, type MarketState } from '../../lib/market/market-state';
import type { Tick } from '../../lib/protocol/tick';
import type { RedisConnection } from './redis-connection';
import { REDIS_KEYS } from './redis-keys';
import { relayedTick } from './tick-relay';

const debug = createDebug('ticker:market-store');

// Only the lease's holder may write the state: a leader that lost its lease without knowing yet must not
// overwrite what its successor wrote.
const SAVE_IF_LEADER = "if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[2], ARGV[2]) return 1 else return 0 end";

/** The market's state on Redis: written by the leader after every tick, read by whoever leads next. */
export class MarketStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly holder: string,
  ) {}

  /**
   * Sent on the same connection as the adapter's broadcasts, and before the tick's, so Redis has the state
   * of any tick a process may have seen. Not awaited by the caller: the next tick must not wait for Redis.
   */
  save(state: MarketState): void {
    this.redis
      .eval(SAVE_IF_LEADER, { keys: [REDIS_KEYS.leader, REDIS_KEYS.market], arguments: [this.holder, JSON.stringify(state)] })
      .then((saved) => {
        if (saved !== 1) debug('state of seq %d not saved: this process no longer holds the lease', state.seq);
      })
      .catch((error: unknown) => debug('state of seq %d not saved: %s', state.seq, (error as Error).message));
  }

  /**
   * The latest `limit` ticks broadcast, oldest first, read back from the adapter's stream: the history a
   * process that has just joined, or just lost track, starts with.
   */
  async recentTicks(limit: number): Promise<Tick[]> {
    const entries = await this.redis.xRevRange(REDIS_KEYS.adapterStream, '+', '-', { COUNT: limit });
    const ticks: Tick[] = [];
    for (const entry of entries) {
      const tick = relayedTick(entry.message);
      if (tick) ticks.push(tick);
    }
    return ticks.reverse();
  }

  /** The state on Redis, or undefined when there is none. One that does not parse is reported and ignored. */
  async load(): Promise<MarketState | undefined> {
    const text = await this.redis.get(REDIS_KEYS.market);
    if (text === null) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      console.error(`redis: ${REDIS_KEYS.market} is not JSON; starting a new market`);
      return undefined;
    }
    const parsed = marketStateSchema.safeParse(value);
    if (!parsed.success) {
      console.error(`redis: ${REDIS_KEYS.market} is not a market state (${parsed.error.issues[0]?.message ?? ''}); starting a new market`);
      return undefined;
    }
    return parsed.data;
  }
}
