import { describe, expect, it } from 'vitest';
import { backoffDelay, RETRY_BASE_MS, RETRY_MAX_MS } from '../../../lib/net/backoff';

describe('backoffDelay', () => {
  it('should double the ceiling with each attempt, from the base up to the cap', () => {
    const ceilings = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, { random: () => 1 }));
    expect(ceilings).toEqual([250, 500, 1000, 2000, 2000, 2000]);
    expect(ceilings[0]).toBe(RETRY_BASE_MS);
    expect(Math.max(...ceilings)).toBe(RETRY_MAX_MS);
  });

  it('should wait between half and all of the ceiling, so tabs that failed together spread out', () => {
    expect(backoffDelay(3, { random: () => 0 })).toBe(500);
    expect(backoffDelay(3, { random: () => 0.5 })).toBe(750);
    const delays = new Set(Array.from({ length: 200 }, () => backoffDelay(10)));
    expect(delays.size).toBeGreaterThan(50);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(RETRY_MAX_MS / 2);
      expect(delay).toBeLessThanOrEqual(RETRY_MAX_MS);
    }
  });

  it('should treat an attempt below one as the first', () => {
    expect(backoffDelay(0, { random: () => 1 })).toBe(RETRY_BASE_MS);
  });
});
