import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatExactBytes, formatRate } from '../../../lib/format/format-bytes';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [999, '999 B'],
    [1_000, '1.00 KB'],
    [1_234, '1.23 KB'],
    [12_345, '12.3 KB'],
    [123_456, '123 KB'],
    [1_234_567, '1.23 MB'],
    [5_000_000_000, '5.00 GB'],
    [1e12, '1.00 TB'],
  ])('should show %i bytes as %s in decimal units', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('should stay in terabytes beyond them', () => {
    expect(formatBytes(5e15)).toBe('5000 TB');
  });

  it.each([
    [999_999, '1.00 MB'],
    [999_500, '1.00 MB'],
    [9_999, '10.0 KB'],
    [99_999, '100 KB'],
    [999_999_999, '1.00 GB'],
  ])('should carry %i bytes, which round up, into the right unit and precision: %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('should always show three significant digits below 1000 of a unit from a kilobyte up', () => {
    for (let exponent = 3; exponent < 12; exponent++) {
      for (const mantissa of [1, 1.005, 9.995, 9.999_9, 10, 99.95, 99.999, 100, 999.4, 999.5, 999.99]) {
        const bytes = Math.round(mantissa * 10 ** exponent);
        const text = formatBytes(bytes);
        const [number = '', unit] = text.split(' ');
        expect(Number(number), text).toBeLessThan(1_000);
        expect(number.replace('.', '').replace(/^0+/, ''), text).toHaveLength(3);
        expect(unit, text).toMatch(/^[KMGT]B$/);
      }
    }
  });

  it('should keep the precision of a negative amount', () => {
    expect(formatBytes(-1_500)).toBe('-1.50 KB');
    expect(formatBytes(-150_000)).toBe('-150 KB');
  });
});

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1_234_567, '1,234,567'],
    [2.4, '2'],
    [2.6, '3'],
  ])('should show %d as the whole number %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });
});

describe('formatRate', () => {
  it.each([
    [5, '5'],
    [12.34, '12.3'],
    [12.36, '12.4'],
    [1_234.56, '1,234.6'],
    [0.04, '0'],
  ])('should show %d with at most one decimal as %s', (n, text) => {
    expect(formatRate(n)).toBe(text);
  });
});

describe('formatExactBytes', () => {
  it.each([
    [0, '0 B'],
    [973, '973 B'],
    [1_204, '1,204 B'],
    [2_345_678, '2,345,678 B'],
  ])('should show %i bytes to the byte as %s', (bytes, text) => {
    expect(formatExactBytes(bytes)).toBe(text);
  });
});
