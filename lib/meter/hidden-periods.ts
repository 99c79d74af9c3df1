/** A stretch of time the page was hidden, on the tab's clock, ms; `end` is null while it lasts. */
export interface HiddenPeriod {
  readonly start: number;
  readonly end: number | null;
}

/**
 * Periods kept for overlap checks. Those checks look back a second or two (the time since the previous
 * meter report, or a tick's trip to the screen), so only a tab flipped dozens of times a second could
 * need an older one; older periods still count in the totals.
 */
export const KEPT_HIDDEN_PERIODS = 32;

/**
 * When the page was hidden: another tab in front, the window minimized, the phone locked. Browsers
 * throttle timers in hidden pages (Chrome to one wake-up a second, and chained timers to one a minute
 * after five minutes) and draw no frames, so what a tab does then says more about the browser than the
 * transport.
 */
export class HiddenPeriods {
  /** The latest periods, oldest first. */
  #recent: HiddenPeriod[] = [];
  #count = 0;
  #finishedMs = 0;

  /** Records the page's state at `at` (tab clock); telling it the state it already has changes nothing. */
  set(hidden: boolean, at: number): void {
    const last = this.#recent.at(-1);
    const open = last !== undefined && last.end === null;
    if (hidden === open) return;
    if (hidden) {
      this.#recent.push({ start: at, end: null });
      if (this.#recent.length > KEPT_HIDDEN_PERIODS) this.#recent.shift();
      this.#count += 1;
    } else if (last) {
      // A clock stepped back while hidden must not make the period negative.
      const end = Math.max(at, last.start);
      this.#recent[this.#recent.length - 1] = { start: last.start, end };
      this.#finishedMs += end - last.start;
    }
  }

  get hiddenNow(): boolean {
    return this.#recent.at(-1)?.end === null;
  }

  /** Hidden periods so far, the current one included. */
  get count(): number {
    return this.#count;
  }

  /** Time hidden, ms, with a period still open counted up to `now`. */
  totalMs(now: number): number {
    const last = this.#recent.at(-1);
    return this.#finishedMs + (last && last.end === null ? Math.max(0, now - last.start) : 0);
  }

  /** Whether the page was hidden at any moment strictly between `from` and `to`. */
  overlaps(from: number, to: number): boolean {
    for (let i = this.#recent.length - 1; i >= 0; i--) {
      const period = this.#recent[i]!;
      if (period.end !== null && period.end <= from) return false;
      if (period.start < to) return true;
    }
    return false;
  }

  /** Forgets finished periods; a period still open stays, as the page is still hidden. */
  reset(): void {
    this.#recent = this.#recent.filter((period) => period.end === null);
    this.#count = this.#recent.length;
    this.#finishedMs = 0;
  }
}
