import { describe, expect, it } from 'vitest';
import { formatChange, formatPercentChange, formatPrice } from '../../../lib/format/format-price';

describe('formatPrice', () => {
  it.each([
    [1, '0.01'],
    [5, '0.05'],
    [100, '1.00'],
    [123_456, '1,234.56'],
    [100_000_000, '1,000,000.00'],
  ])('should show %i cents as %s dollars', (cents, text) => {
    expect(formatPrice(cents)).toBe(text);
  });
});

describe('formatChange', () => {
  it.each([
    [150, '+1.50'],
    [-150, '-1.50'],
    [-5, '-0.05'],
    [123_456, '+1,234.56'],
  ])('should sign a change of %i cents as %s', (cents, text) => {
    expect(formatChange(cents)).toBe(text);
  });

  it('should show no change without a sign', () => {
    expect(formatChange(0)).toBe('0.00');
  });
});

describe('formatPercentChange', () => {
  it.each([
    [10_000, 10_250, '+2.50%'],
    [10_000, 9_750, '-2.50%'],
    [3, 4, '+33.33%'],
    [4, 3, '-25.00%'],
    [100, 300, '+200.00%'],
  ])('should show a move from %i to %i cents as %s', (from, to, text) => {
    expect(formatPercentChange(from, to)).toBe(text);
  });

  it('should show no change without a sign', () => {
    expect(formatPercentChange(5_000, 5_000)).toBe('0.00%');
  });

  it('should show zero rather than divide by a zero starting price', () => {
    expect(formatPercentChange(0, 500)).toBe('0.00%');
  });
});
