import { describe, expect, it } from 'vitest';
import { RateWindow } from '../../../lib/meter/rate-window';

/**
 * Continues a series from (`fromMs`, `startTotal`), which the window already holds, with a sample every `everyMs`
 * up to `toMs`, growing at `perSecond`. Returns the last total.
 */
function feed(window: RateWindow, fromMs: number, toMs: number, everyMs: number, startTotal: number, perSecond: number) {
  let total = startTotal;
  for (let at = fromMs + everyMs; at <= toMs; at += everyMs) {
    total = startTotal + ((at - fromMs) * perSecond) / 1_000;
    window.push({ at, total });
  }
  return total;
}

describe('RateWindow', () => {
  it('should report zero until it has two samples', () => {
    const window = new RateWindow(3_000);
    expect(window.perSecond()).toBe(0);
    window.push({ at: 1_000, total: 500 });
    expect(window.perSecond()).toBe(0);
  });

  it('should report a steady rate per second', () => {
    const window = new RateWindow(3_000);
    window.push({ at: 0, total: 0 });
    feed(window, 0, 10_000, 250, 0, 200);
    expect(window.perSecond()).toBeCloseTo(200, 9);
  });

  it('should report the rate between just two samples', () => {
    const window = new RateWindow(5_000);
    window.push({ at: 1_000, total: 100 });
    window.push({ at: 1_500, total: 400 });
    expect(window.perSecond()).toBeCloseTo(600, 9);
  });

  it('should blend the old and new rate while a change is inside the window', () => {
    const window = new RateWindow(3_000);
    window.push({ at: 0, total: 0 });
    const total = feed(window, 0, 10_000, 1_000, 0, 100);
    feed(window, 10_000, 11_000, 1_000, total, 400);
    const rate = window.perSecond();
    expect(rate).toBeGreaterThan(100);
    expect(rate).toBeLessThan(400);
  });

  it('should report only the new rate once a whole window has passed since a change', () => {
    const window = new RateWindow(3_000);
    window.push({ at: 0, total: 0 });
    const total = feed(window, 0, 10_000, 1_000, 0, 100);
    feed(window, 10_000, 13_000, 1_000, total, 400);
    expect(window.perSecond()).toBeCloseTo(400, 9);
  });

  it('should measure from the newest sample at least a window old', () => {
    // A burst in the last half second must not read as if it had lasted the whole window.
    const window = new RateWindow(2_000);
    window.push({ at: 0, total: 0 });
    window.push({ at: 1_000, total: 0 });
    window.push({ at: 2_000, total: 0 });
    window.push({ at: 2_500, total: 1_000 });
    expect(window.perSecond()).toBeCloseTo(1_000 / 2.5, 9);
  });

  it('should start over when the total goes backwards, as when its source restarts', () => {
    const window = new RateWindow(3_000);
    window.push({ at: 0, total: 1_000_000 });
    feed(window, 0, 5_000, 500, 1_000_000, 1_000);
    window.push({ at: 5_500, total: 10 });
    expect(window.perSecond()).toBe(0);
    window.push({ at: 6_000, total: 60 });
    expect(window.perSecond()).toBeCloseTo(100, 9);
  });

  it('should start over when time does not move forward', () => {
    const window = new RateWindow(3_000);
    window.push({ at: 0, total: 0 });
    feed(window, 0, 2_000, 500, 0, 100);
    window.push({ at: 1_000, total: 1_000 });
    expect(window.perSecond()).toBe(0);
  });

  it('should report zero after clear', () => {
    const window = new RateWindow(3_000);
    window.push({ at: 0, total: 0 });
    feed(window, 0, 2_000, 500, 0, 100);
    window.clear();
    expect(window.perSecond()).toBe(0);
    window.push({ at: 3_000, total: 0 });
    expect(window.perSecond()).toBe(0);
  });

  describe('with gaps', () => {
    /** 100 units a second from 0 to 5 s, sampled every 500 ms, in a 5 s window. Returns the window and the last total. */
    function steadyThenGap() {
      const window = new RateWindow(5_000);
      window.push({ at: 0, total: 0 });
      return { window, total: feed(window, 0, 5_000, 500, 0, 100) };
    }

    it('should not let a gap with little growth drag the rate down', () => {
      // As a hidden tab: its timers are throttled, so a 20 s gap brings only a handful of units.
      const { window, total } = steadyThenGap();
      window.push({ at: 25_000, total: total + 20 }, { afterGap: true });
      expect(window.perSecond()).toBeCloseTo(100, 9);
    });

    it('should not let growth across a gap push the rate up', () => {
      const { window, total } = steadyThenGap();
      window.push({ at: 5_200, total: total + 50_000 }, { afterGap: true });
      expect(window.perSecond()).toBeCloseTo(100, 9);
    });

    it('should count time on both sides of a gap towards the window', () => {
      const { window, total } = steadyThenGap();
      window.push({ at: 60_000, total: total + 7 }, { afterGap: true });
      feed(window, 60_000, 61_000, 500, total + 7, 400);
      // 4 s before the gap at 100/s and 1 s after it at 400/s.
      expect(window.perSecond()).toBeCloseTo((4 * 100 + 400) / 5, 9);
    });

    it('should report only the rate after a gap once it spans a whole window', () => {
      const { window, total } = steadyThenGap();
      window.push({ at: 60_000, total: total + 7 }, { afterGap: true });
      feed(window, 60_000, 65_000, 500, total + 7, 400);
      expect(window.perSecond()).toBeCloseTo(400, 9);
    });

    it('should ignore a sample with gaps on both sides', () => {
      const { window, total } = steadyThenGap();
      window.push({ at: 8_000, total: total + 5_000 }, { afterGap: true });
      window.push({ at: 9_000, total: total + 5_060 }, { afterGap: true });
      window.push({ at: 10_000, total: total + 5_360 });
      // 4 s before the gaps at 100/s and the 1 s after them at 300/s.
      expect(window.perSecond()).toBeCloseTo((400 + 300) / 5, 9);
    });

    it('should follow the rate after many gaps in a row, as through a long hidden stretch', () => {
      const { window, total } = steadyThenGap();
      let at = 5_000;
      for (let i = 1; i <= 3_600; i++) window.push({ at: (at += 1_000), total: total + i }, { afterGap: true });
      expect(window.perSecond()).toBeCloseTo(100, 9);
      feed(window, at, at + 10_000, 500, total + 3_600, 30);
      expect(window.perSecond()).toBeCloseTo(30, 9);
    });

    it('should report zero after a gap until some run spans time', () => {
      const window = new RateWindow(5_000);
      window.push({ at: 0, total: 0 });
      window.push({ at: 3_000, total: 900 }, { afterGap: true });
      expect(window.perSecond()).toBe(0);
      window.push({ at: 3_500, total: 1_000 });
      expect(window.perSecond()).toBeCloseTo(200, 9);
    });

    it('should still start over when the total goes backwards after a gap', () => {
      const { window } = steadyThenGap();
      window.push({ at: 9_000, total: 3 }, { afterGap: true });
      window.push({ at: 10_000, total: 53 });
      expect(window.perSecond()).toBeCloseTo(50, 9);
    });
  });

  it('should keep following the rate over a long run', () => {
    const window = new RateWindow(1_000);
    window.push({ at: 0, total: 0 });
    const total = feed(window, 0, 100_000, 100, 0, 50);
    feed(window, 100_000, 200_000, 100, total, 5);
    expect(window.perSecond()).toBeCloseTo(5, 9);
  });
});
