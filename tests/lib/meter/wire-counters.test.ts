import { describe, expect, it } from 'vitest';
import { addCounters, decreased, ratesPerSecond, subtractCounters } from '../../../lib/meter/wire-counters';
import { ZERO_COUNTERS, type PollingBreakdown, type WireCounters } from '../../../lib/protocol/meter-report';

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

  describe('decreased', () => {
    it('should say so when any one field went down, whichever it is', () => {
      expect(decreased({ ...a, requests: a.requests - 1 }, a)).toBe(true);
      expect(decreased({ ...a, bytesUp: a.bytesUp - 1 }, a)).toBe(true);
      expect(decreased({ ...a, bytesDown: 0 }, a)).toBe(true);
    });

    it('should not when every field stayed or grew', () => {
      expect(decreased(a, a)).toBe(false);
      expect(decreased(addCounters(a, b), a)).toBe(false);
    });
  });

  describe('ratesPerSecond', () => {
    it("should give each field's growth per second over the time between the readings", () => {
      expect(ratesPerSecond(a, b, 500)).toEqual({
        requests: (a.requests - b.requests) * 2,
        bytesUp: (a.bytesUp - b.bytesUp) * 2,
        bytesDown: (a.bytesDown - b.bytesDown) * 2,
      });
    });

    it('should give zero for a field that went down, as when its source restarted', () => {
      expect(ratesPerSecond({ ...a, bytesUp: 0 }, a, 1_000)).toEqual({ requests: 0, bytesUp: 0, bytesDown: 0 });
    });

    it('should give zero everywhere when no time passed', () => {
      expect(ratesPerSecond(a, b, 0)).toEqual(ZERO_COUNTERS);
    });
  });

  describe('on other counts than wire counters', () => {
    const parts: PollingBreakdown = { requestHeaders: 500, responseHeaders: 300, bodies: 900, tls: 0, ticks: 600 };
    const more: PollingBreakdown = { requestHeaders: 1_000, responseHeaders: 600, bodies: 1_500, tls: 0, ticks: 1_000 };

    it('should work field by field on every field of a breakdown', () => {
      expect(addCounters(parts, more)).toEqual({ requestHeaders: 1_500, responseHeaders: 900, bodies: 2_400, tls: 0, ticks: 1_600 });
      expect(subtractCounters(more, parts)).toEqual({ requestHeaders: 500, responseHeaders: 300, bodies: 600, tls: 0, ticks: 400 });
      expect(decreased(parts, more)).toBe(true);
      expect(decreased(more, parts)).toBe(false);
    });
  });

  it('should keep ZERO_COUNTERS frozen at zero', () => {
    expect(ZERO_COUNTERS).toEqual({ requests: 0, bytesUp: 0, bytesDown: 0 });
    expect(Object.isFrozen(ZERO_COUNTERS)).toBe(true);
  });
});
