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

  it('should keep following the rate over a long run', () => {
    const window = new RateWindow(1_000);
    window.push({ at: 0, total: 0 });
    const total = feed(window, 0, 100_000, 100, 0, 50);
    feed(window, 100_000, 200_000, 100, total, 5);
    expect(window.perSecond()).toBeCloseTo(5, 9);
  });
});
