import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../../server/guard/token-buckets';

function bucketsAt(perSecond: number, burst: number) {
  const clock = { now: 0 };
  return { clock, buckets: new TokenBuckets({ perSecond, burst, now: () => clock.now }) };
}

describe('TokenBuckets', () => {
  it('should allow a burst, then say how long until the next token', () => {
    const { buckets } = bucketsAt(10, 3);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBeCloseTo(100);
  });

  it('should allow the sustained rate for ever', () => {
    const { clock, buckets } = bucketsAt(10, 2);
    for (let i = 0; i < 1000; i++) {
      expect(buckets.take('a')).toBe(0);
      clock.now += 100;
    }
  });

  it('should not take a token from a refused request, so waiting as told is enough', () => {
    const { clock, buckets } = bucketsAt(10, 1);
    buckets.take('a');
    for (let i = 0; i < 5; i++) buckets.take('a');
    clock.now += 100;
    expect(buckets.take('a')).toBe(0);
  });

  it('should keep one bucket per key', () => {
    const { buckets } = bucketsAt(1, 1);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBeGreaterThan(0);
    expect(buckets.take('b')).toBe(0);
  });

  it('should forget buckets that have refilled', () => {
    const { clock, buckets } = bucketsAt(10, 20);
    for (let i = 0; i < 100; i++) buckets.take(`tab-${i}`);
    expect(buckets.size).toBe(100);
    clock.now += 2000;
    buckets.take('late');
    expect(buckets.size).toBe(1);
  });
});
