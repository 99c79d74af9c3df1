import { describe, expect, it } from 'vitest';
import { SinceReset } from '../../../lib/meter/since-reset';
import { ZERO_COUNTERS, type WireCounters } from '../../../lib/protocol/meter-report';

const totals = (requests: number, bytesUp: number, bytesDown: number): WireCounters => ({
  requests,
  bytesUp,
  bytesDown,
});

describe('SinceReset', () => {
  it('should be zero before it is given anything', () => {
    expect(new SinceReset(ZERO_COUNTERS).value()).toEqual(ZERO_COUNTERS);
  });

  it('should show the source totals as they are until the first reset', () => {
    const figures = new SinceReset(ZERO_COUNTERS);
    figures.take(totals(3, 300, 900), false);
    figures.take(totals(5, 500, 1_500), false);
    expect(figures.value()).toEqual(totals(5, 500, 1_500));
    expect(figures.latest).toEqual(totals(5, 500, 1_500));
  });

  it('should count from the totals at the reset on', () => {
    const figures = new SinceReset(ZERO_COUNTERS);
    figures.take(totals(5, 500, 1_500), false);
    figures.reset();
    expect(figures.value()).toEqual(ZERO_COUNTERS);
    figures.take(totals(7, 700, 2_000), false);
    expect(figures.value()).toEqual(totals(2, 200, 500));
  });

  it('should carry what was counted since the reset across a restart of the source', () => {
    const figures = new SinceReset(ZERO_COUNTERS);
    figures.take(totals(5, 500, 1_500), false);
    figures.reset();
    figures.take(totals(8, 800, 2_500), false);
    figures.take(totals(1, 100, 200), true);
    expect(figures.value()).toEqual(totals(4, 400, 1_200));
    figures.take(totals(2, 150, 300), false);
    expect(figures.value()).toEqual(totals(5, 450, 1_300));
  });

  it('should forget the carried figures on reset', () => {
    const figures = new SinceReset(ZERO_COUNTERS);
    figures.take(totals(8, 800, 2_500), false);
    figures.take(totals(1, 100, 200), true);
    figures.reset();
    expect(figures.value()).toEqual(ZERO_COUNTERS);
    figures.take(totals(2, 150, 300), false);
    expect(figures.value()).toEqual(totals(1, 50, 100));
  });

  it('should restart only when told to, whatever the totals do', () => {
    // Told nothing restarted, a baseline above the totals reads as zero rather than as negative.
    const figures = new SinceReset(ZERO_COUNTERS);
    figures.take(totals(8, 800, 2_500), false);
    figures.reset();
    figures.take(totals(1, 100, 200), false);
    expect(figures.value()).toEqual(ZERO_COUNTERS);
  });
});
