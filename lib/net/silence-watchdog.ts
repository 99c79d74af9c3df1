/**
 * How long a ticker may go without a tick before its connection counts as dead: five ticks, and never
 * under 3 s, so a busy page or a garbage-collection pause is not taken for a lost connection.
 */
export function tickSilenceLimitMs(tickIntervalMs: number): number {
  return Math.max(3000, 5 * tickIntervalMs);
}

export interface SilenceWatchdogOptions {
  /** How long without news counts as a dead connection, ms. */
  readonly limitMs: number;
  readonly onSilence: (silentMs: number) => void;
  readonly now?: () => number;
}

/**
 * Notices a connection that has gone quiet without closing: a pulled cable or a sleeping laptop's Wi-Fi
 * leaves a WebSocket open for as long as its heartbeat allows (Socket.IO's: 25 s plus 20 s), all the
 * while a ticker would show "connected" over prices that stopped. Fires once per silence; `heard`
 * re-arms it.
 */
export class SilenceWatchdog {
  readonly #options: SilenceWatchdogOptions;
  readonly #now: () => number;
  #lastHeard = 0;
  #fired = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: SilenceWatchdogOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Starts watching, counting from now. */
  start(): void {
    this.stop();
    this.heard();
    // A tenth of the limit: a silence is noticed at most 10% late, for a few timer calls a second.
    this.#timer = setInterval(() => this.#check(), Math.max(100, this.#options.limitMs / 10));
  }

  heard(): void {
    this.#lastHeard = this.#now();
    this.#fired = false;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #check(): void {
    const silentMs = this.#now() - this.#lastHeard;
    if (this.#fired || silentMs < this.#options.limitMs) return;
    this.#fired = true;
    this.#options.onSilence(silentMs);
  }
}
