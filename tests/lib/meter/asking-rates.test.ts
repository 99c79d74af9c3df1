import { describe, expect, it } from 'vitest';
import { askingRates, MIN_ASKING_MS } from '../../../lib/meter/asking-rates';
import type { ModeFigures } from '../../../lib/meter/meter-tracker';
import { NO_FRESHNESS } from '../../../lib/meter/freshness-histogram';

/** A mode that made `requests` requests over `activeMs` of running time. */
function ran(requests: number, activeMs: number): ModeFigures {
  return {
    wire: { requests, bytesUp: 0, bytesDown: 0 },
    messages: requests,
    activeMs,
    perSecond: { requests: 0, messages: 0, bytesUp: 0, bytesDown: 0 },
    freshness: NO_FRESHNESS,
    freshnessTimeline: [],
  };
}

describe('askingRates', () => {
  it('should find long polling asking once a tick on a slow market, and polling many times as often', () => {
    // A tick every 2 s for 60 s: 30 long polls; polling every 100 ms for 60 s: 600 polls.
    const rates = askingRates(ran(30, 60_000), ran(600, 60_000), 2000);
    expect(rates.ticksPerSecond).toBe(0.5);
    expect(rates.longPolling).toBeCloseTo(0.5, 9);
    expect(rates.polling).toBeCloseTo(10, 9);
    expect(rates.pollingOverLongPolling).toBeCloseTo(20, 9);
    expect(rates.longPollingOncePerTick).toBe(true);
  });

  it('should find the two about even on a market that ticks as often as polling asks', () => {
    const rates = askingRates(ran(590, 60_000), ran(600, 60_000), 100);
    expect(rates.longPollingOncePerTick).toBe(true);
    expect(rates.pollingOverLongPolling).toBeCloseTo(600 / 590, 9);
  });

  it('should say long polling did not ask once a tick when it asked far more or less', () => {
    expect(askingRates(ran(60, 60_000), ran(0, 0), 2000).longPollingOncePerTick).toBe(false);
  });

  it('should read no rate for a mode that has not run long enough', () => {
    const rates = askingRates(ran(3, MIN_ASKING_MS - 1), ran(600, 60_000), 100);
    expect(rates.longPolling).toBeNull();
    expect(rates.longPollingOncePerTick).toBeNull();
    expect(rates.pollingOverLongPolling).toBeNull();
    expect(rates.polling).toBeCloseTo(10, 9);
  });
});
