import { describe, expect, it } from 'vitest';
import { cheapestMultiples } from '../../../lib/meter/cheapest-multiples';

describe('cheapestMultiples', () => {
  it('should give each figure as a multiple of the smallest, the smallest itself as 1', () => {
    expect(cheapestMultiples([400, 100, 810])).toEqual([4, 1, 8.1]);
  });

  it('should leave out figures not yet measured, and never take them for the cheapest', () => {
    expect(cheapestMultiples([null, 0, 300, 600])).toEqual([null, null, 1, 2]);
  });

  it('should give nothing at all before any figure is measured', () => {
    expect(cheapestMultiples([null, 0])).toEqual([null, null]);
  });
});
