import createDebug from 'debug';
import type { RedisConnection } from './redis-connection';

const debug = createDebug('ticker:lease');

/** How long a lease lasts unless its holder renews it: the longest a dead leader keeps the market. */
const TTL_MS = 1000;
/** How often the holder renews, and the others try to take it: a dead leader is replaced within 1.2 s. */
const EVERY_MS = 200;

// Renewing and releasing are compare-and-act on the holder's id, in one step on Redis: a holder whose
// lease ran out, and went to another process, must not extend or delete that one's.
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Leadership through one Redis key with an expiry: the process that sets it (SET NX PX) leads until it
 * stops renewing it. A leader counts its lease from when it *sent* the last successful renewal, so it
 * always believes it has lost before Redis lets another process in; when Redis cannot be reached, it gives
 * up leading once the lease would have run out.
 */
export class LeaderLease {
  #leader = false;
  #confirmedAt = 0;
  #inFlight = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly redis: RedisConnection,
    private readonly key: string,
    readonly holder: string,
    private readonly onChange: (leader: boolean) => void,
  ) {}

  get isLeader(): boolean {
    return this.#leader;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.#round(), EVERY_MS);
    this.#round();
  }

  /** Stops taking part; a leader hands the lease back at once so another process need not wait it out. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (!this.#leader) return;
    this.#set(false);
    try {
      await this.redis.eval(RELEASE, { keys: [this.key], arguments: [this.holder] });
    } catch (error) {
      debug('release failed; the lease runs out by itself: %s', (error as Error).message);
    }
  }

  #round(): void {
    if (this.#leader && Date.now() - this.#confirmedAt >= TTL_MS) this.#set(false);
    if (this.#inFlight) return;
    this.#inFlight = true;
    const sentAt = Date.now();
    const attempt = this.#leader
      ? this.redis.eval(RENEW, { keys: [this.key], arguments: [this.holder, String(TTL_MS)] }).then((reply) => reply === 1)
      : this.redis.set(this.key, this.holder, { condition: 'NX', expiration: { type: 'PX', value: TTL_MS } }).then((reply) => reply === 'OK');
    attempt
      .then((held) => {
        if (!this.#timer) return;
        if (held) this.#confirmedAt = sentAt;
        if (held !== this.#leader && (!held || Date.now() - sentAt < TTL_MS)) this.#set(held);
      })
      .catch((error: unknown) => debug('lease round failed: %s', (error as Error).message))
      .finally(() => (this.#inFlight = false));
  }

  #set(leader: boolean): void {
    if (leader === this.#leader) return;
    this.#leader = leader;
    debug('%s %s', this.holder, leader ? 'leads' : 'follows');
    this.onChange(leader);
  }
}
