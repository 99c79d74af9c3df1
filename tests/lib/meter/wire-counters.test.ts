import { describe, expect, it } from 'vitest';
import { addCounters, subtractCounters } from '../../../lib/meter/wire-counters';
import { ZERO_COUNTERS, type WireCounters } from '../../../lib/protocol/meter-report';

const a: WireCounters = Object.freeze({ requests: 12, bytesUp: 3_400, bytesDown: 98_765 });
const b: WireCounters = Object.freeze({ requests: 5, bytesUp: 1_000, bytesDown: 8_765 });

describe('wire counters', () => {
  describe('addCounters', () => {
    it('should add each field on its own', () => {
      expect(addCounters(a, b)).toEqual({
        requests: a.requests + b.requests,
        bytesUp: a.bytesUp + b.bytesUp,
        bytesDown: a.bytesDown + b.bytesDown,
      });
    });

    it('should be commutative and leave a value unchanged when adding zero', () => {
      expect(addCounters(b, a)).toEqual(addCounters(a, b));
      expect(addCounters(a, ZERO_COUNTERS)).toEqual(a);
    });

    it('should return a new object without changing its inputs', () => {
      const sum = addCounters(a, b);
      expect(sum).not.toBe(a);
      expect(a).toEqual({ requests: 12, bytesUp: 3_400, bytesDown: 98_765 });
    });
  });

  describe('subtractCounters', () => {
    it('should subtract each field on its own', () => {
      expect(subtractCounters(a, b)).toEqual({
        requests: a.requests - b.requests,
        bytesUp: a.bytesUp - b.bytesUp,
        bytesDown: a.bytesDown - b.bytesDown,
      });
    });

    it('should undo addCounters', () => {
      expect(subtractCounters(addCounters(a, b), b)).toEqual(a);
    });

    it('should floor at zero each field whose baseline is larger, and only that field', () => {
      const baseline = { requests: 20, bytesUp: 1_000, bytesDown: 100_000 };
      expect(subtractCounters(a, baseline)).toEqual({ requests: 0, bytesUp: a.bytesUp - 1_000, bytesDown: 0 });
    });

    it('should give zero for a value minus itself', () => {
      expect(subtractCounters(a, a)).toEqual(ZERO_COUNTERS);
    });
  });

  it('should keep ZERO_COUNTERS frozen at zero', () => {
    expect(ZERO_COUNTERS).toEqual({ requests: 0, bytesUp: 0, bytesDown: 0 });
    expect(Object.isFrozen(ZERO_COUNTERS)).toBe(true);
  });
});
