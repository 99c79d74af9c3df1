export interface TokenBucketsOptions {
  /** Tokens each bucket gains a second: the sustained rate it allows. */
  readonly perSecond: number;
  /** Tokens a bucket holds at most, and starts with: the burst it allows after a quiet spell. */
  readonly burst: number;
  /** A monotonic clock in ms; performance.now by default. */
  readonly now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per key (a tab, an address), kept only while it is below full: a full bucket is the
 * same as no bucket, so keys that stop coming cost nothing once they have refilled, however many there
 * were. A refused take removes nothing, so a client that waits as it is told gets in at once.
 */
export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();
  readonly #perMs: number;
  readonly #burst: number;
  readonly #now: () => number;
  /** Buckets are swept of full ones at most this often, on a take: no timer to stop. */
  readonly #sweepEveryMs: number;
  #sweptAt: number;

  constructor(options: TokenBucketsOptions) {
    this.#perMs = options.perSecond / 1000;
    this.#burst = options.burst;
    this.#now = options.now ?? (() => performance.now());
    this.#sweepEveryMs = Math.max(1000, options.burst / this.#perMs);
    this.#sweptAt = this.#now();
  }

  /** Buckets held: keys seen lately and not yet refilled. */
  get size(): number {
    return this.#buckets.size;
  }

  /** Takes a token from the key's bucket: 0 if it had one, otherwise the ms until it will. */
  take(key: string): number {
    const now = this.#now();
    if (now - this.#sweptAt >= this.#sweepEveryMs) this.#sweep(now);
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.#burst, at: now };
      this.#buckets.set(key, bucket);
    }
    const tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.at) * this.#perMs);
    bucket.at = now;
    if (tokens >= 1) {
      bucket.tokens = tokens - 1;
      return 0;
    }
    bucket.tokens = tokens;
    return (1 - tokens) / this.#perMs;
  }

  #sweep(now: number): void {
    this.#sweptAt = now;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * this.#perMs >= this.#burst) this.#buckets.delete(key);
    }
  }
}
