import type { ModeFigures } from './meter-tracker';

/** Time a mode must have run before its request rate is read: a few long polls even at a tick every 2 s. */
export const MIN_ASKING_MS = 10_000;

/** How often the two asking modes asked while they ran, against how often the market ticked. */
export interface AskingRates {
  readonly ticksPerSecond: number;
  /** Requests per second of running time; null until the mode has run MIN_ASKING_MS. */
  readonly longPolling: number | null;
  readonly polling: number | null;
  /** Polling's rate over long polling's, once both are measured. */
  readonly pollingOverLongPolling: number | null;
  /**
   * Whether long polling asked about once a tick (within a fifth): it waits for each tick, so at any
   * market rate it makes one request a tick, and it wins only where ticks are rarer than polls.
   */
  readonly longPollingOncePerTick: boolean | null;
}

const askedPerSecond = (figures: ModeFigures) => (figures.activeMs >= MIN_ASKING_MS ? figures.wire.requests / (figures.activeMs / 1000) : null);

/**
 * Long polling against polling, from what this tab measured: each mode's requests over the time it ran
 * (not the last few seconds' rate, which falls to nothing once the tab switches away).
 */
export function askingRates(longPolling: ModeFigures, polling: ModeFigures, tickIntervalMs: number): AskingRates {
  const ticksPerSecond = 1000 / tickIntervalMs;
  const long = askedPerSecond(longPolling);
  const poll = askedPerSecond(polling);
  return {
    ticksPerSecond,
    longPolling: long,
    polling: poll,
    pollingOverLongPolling: long !== null && poll !== null && long > 0 ? poll / long : null,
    longPollingOncePerTick: long === null ? null : Math.abs(long / ticksPerSecond - 1) <= 0.2,
  };
}
