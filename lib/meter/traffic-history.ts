import type { ModeFigures } from './meter-tracker';

/** The last minute is what the side-by-side view plots, and the span its per-minute figures are measured over. */
export const MINUTE_MS = 60_000;

/**
 * Meter reports come about once a second; readings further apart mean the feed stopped (the view was left,
 * the feed reconnected), and a measured minute must not count the silence as a quiet minute.
 */
export const MAX_READING_GAP_MS = 5_000;

/** One meter report's figures for one transport mode, as far as the side-by-side view needs them. */
export interface TrafficReading {
  /** When the report arrived, on the page's clock, ms. */
  readonly at: number;
  /** Totals since the view's meter started or was reset. */
  readonly requests: number;
  /** Up and down together: what the mode cost the wire. */
  readonly bytes: number;
  /** The meter's own per-second figures (averages over its rate window). */
  readonly requestsPerSecond: number;
  readonly bytesPerSecond: number;
}

export function trafficReading(figures: ModeFigures, at: number): TrafficReading {
  return {
    at,
    requests: figures.wire.requests,
    bytes: figures.wire.bytesUp + figures.wire.bytesDown,
    requestsPerSecond: figures.perSecond.requests,
    bytesPerSecond: figures.perSecond.bytesUp + figures.perSecond.bytesDown,
  };
}

export type MinuteFigures =
  /** What crossed the wire over the last minute: the growth of the totals over ≥ 60 s, scaled to 60 s. */
  | { readonly basis: 'measured'; readonly requests: number; readonly bytes: number }
  /** The meter's current per-second figures × 60, until a whole minute has been measured (in `measuredInMs`). */
  | { readonly basis: 'extrapolated'; readonly requests: number; readonly bytes: number; readonly measuredInMs: number };

export interface RecordOptions {
  /**
   * Readings before this one must not count in a measured minute: what they saw is not what the view
   * shows now (the page was hidden and its timers throttled; the poll interval changed). Default false.
   */
  readonly restartMinute?: boolean;
}

/**
 * The last minute of one mode's meter readings: the points of a rate plot, and the figures for "a minute
 * of this mode". A minute is measured once one has passed since the history (or its minute) started;
 * until then it is extrapolated from the meter's current rates, and says so.
 */
export class TrafficHistory {
  /** Oldest first: the last minute, and the newest reading before it (where a measured minute starts). */
  #readings: TrafficReading[] = [];
  /** A measured minute may start only from a reading at or after this time. */
  #minuteFrom = -Infinity;
  /** Readings since the history started: the meter has a rate from its second report on. */
  #count = 0;

  /** Takes a reading; one with the same time as the newest replaces it (the view changed, not the figures' time). */
  record(reading: TrafficReading, { restartMinute = false }: RecordOptions = {}): void {
    const newest = this.#readings.at(-1);
    if (newest && (reading.requests < newest.requests || reading.bytes < newest.bytes)) {
      // Totals that go down mean the meter was reset, and its rates with it: start over from its next report.
      this.clear();
      return;
    }
    if (newest && reading.at <= newest.at) {
      this.#readings[this.#readings.length - 1] = reading;
    } else {
      this.#readings.push(reading);
      this.#count += 1;
    }
    if (restartMinute || (newest !== undefined && reading.at - newest.at > MAX_READING_GAP_MS)) this.#minuteFrom = reading.at;
    this.#prune(reading.at);
  }

  /** The readings of the last minute, oldest first, with the newest one before it. */
  readings(): readonly TrafficReading[] {
    return this.#readings.slice();
  }

  /** A minute of this mode, measured or extrapolated; null until the meter has a rate. */
  perMinute(): MinuteFigures | null {
    const last = this.#readings.at(-1);
    if (!last || this.#count < 2) return null;
    let start: TrafficReading | undefined;
    let firstCounted: TrafficReading | undefined;
    for (const reading of this.#readings) {
      if (reading.at < this.#minuteFrom) continue;
      firstCounted ??= reading;
      if (reading.at <= last.at - MINUTE_MS) start = reading;
    }
    if (start) {
      const scale = MINUTE_MS / (last.at - start.at);
      return { basis: 'measured', requests: (last.requests - start.requests) * scale, bytes: (last.bytes - start.bytes) * scale };
    }
    return {
      basis: 'extrapolated',
      requests: last.requestsPerSecond * 60,
      bytes: last.bytesPerSecond * 60,
      measuredInMs: MINUTE_MS - (last.at - (firstCounted ?? last).at),
    };
  }

  clear(): void {
    this.#readings = [];
    this.#minuteFrom = -Infinity;
    this.#count = 0;
  }

  /** Keeps the last minute and the newest reading older than that. */
  #prune(now: number): void {
    const firstRecent = this.#readings.findIndex((reading) => reading.at > now - MINUTE_MS);
    if (firstRecent > 1) this.#readings.splice(0, firstRecent - 1);
  }
}
