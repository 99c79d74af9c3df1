/** Who polled: a tab id when the poll named one, else the connection it came on. */
export type PollerKey = string | object;

/**
 * Counts distinct pollers that polled within the last few windows (a window being the stats' second).
 * A poll is on the hot path, so noting one is a Map write that allocates nothing for a poller already
 * known: the window it was last seen in, not a timestamp (no clock read per poll). Counting, once a
 * window, also forgets the pollers that have been quiet too long.
 */
export class RecentPollers {
  readonly #lastSeen = new Map<PollerKey, number>();
  readonly #windows: number;
  #window = 0;

  /** `windows`: how many windows, the current one included, a poll keeps its poller counted. */
  constructor(windows: number) {
    if (!Number.isInteger(windows) || windows < 1) throw new RangeError(`windows must be a whole number ≥ 1, not ${windows}`);
    this.#windows = windows;
  }

  saw(key: PollerKey): void {
    this.#lastSeen.set(key, this.#window);
  }

  /** Ends the current window: the pollers seen in it and the windows before it that still count. */
  endWindow(): number {
    const oldest = this.#window - this.#windows + 1;
    let count = 0;
    for (const [key, seen] of this.#lastSeen) {
      if (seen >= oldest) count += 1;
      else this.#lastSeen.delete(key);
    }
    this.#window += 1;
    return count;
  }
}
