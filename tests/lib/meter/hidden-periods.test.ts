import { describe, expect, it } from 'vitest';
import { HiddenPeriods, KEPT_HIDDEN_PERIODS } from '../../../lib/meter/hidden-periods';

/** Hidden from 10 s to 20 s and from 30 s to 35 s. */
function twoPeriods(): HiddenPeriods {
  const periods = new HiddenPeriods();
  periods.set(true, 10_000);
  periods.set(false, 20_000);
  periods.set(true, 30_000);
  periods.set(false, 35_000);
  return periods;
}

describe('HiddenPeriods', () => {
  it('should tell whether an interval overlaps a period', () => {
    const periods = twoPeriods();
    expect(periods.overlaps(0, 9_000)).toBe(false);
    expect(periods.overlaps(9_000, 11_000)).toBe(true);
    expect(periods.overlaps(12_000, 13_000)).toBe(true);
    expect(periods.overlaps(19_000, 31_000)).toBe(true);
    expect(periods.overlaps(21_000, 29_000)).toBe(false);
    expect(periods.overlaps(34_000, 40_000)).toBe(true);
    expect(periods.overlaps(36_000, 40_000)).toBe(false);
  });

  it('should not count an interval that only touches a period', () => {
    const periods = twoPeriods();
    expect(periods.overlaps(5_000, 10_000)).toBe(false);
    expect(periods.overlaps(20_000, 25_000)).toBe(false);
  });

  it('should treat a period still going as reaching every later time', () => {
    const periods = twoPeriods();
    periods.set(true, 50_000);
    expect(periods.hiddenNow).toBe(true);
    expect(periods.overlaps(40_000, 50_001)).toBe(true);
    expect(periods.overlaps(1e12, 1e12 + 1)).toBe(true);
    expect(periods.overlaps(40_000, 50_000)).toBe(false);
  });

  it('should keep counting periods it no longer keeps for overlap checks', () => {
    const periods = new HiddenPeriods();
    const count = KEPT_HIDDEN_PERIODS * 3;
    for (let i = 0; i < count; i++) {
      periods.set(true, i * 1_000);
      periods.set(false, i * 1_000 + 100);
    }
    expect(periods.count).toBe(count);
    expect(periods.totalMs(count * 1_000)).toBe(count * 100);
    const last = (count - 1) * 1_000;
    expect(periods.overlaps(last - 50, last + 50)).toBe(true);
    expect(periods.overlaps(last + 200, last + 900)).toBe(false);
  });

  it('should keep a period still going across reset', () => {
    const periods = twoPeriods();
    periods.set(true, 50_000);
    periods.reset();
    expect(periods.count).toBe(1);
    expect(periods.hiddenNow).toBe(true);
    expect(periods.totalMs(52_000)).toBe(2_000);
    periods.set(false, 53_000);
    expect(periods.totalMs(60_000)).toBe(3_000);
    expect(periods.overlaps(12_000, 13_000)).toBe(false);
  });
});
