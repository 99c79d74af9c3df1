import { describe, expect, it } from 'vitest';
import { formatRatio } from '../../../lib/format/format-ratio';

describe('formatRatio', () => {
  it('should show tenths below ten', () => {
    expect(formatRatio(1)).toBe('1.0×');
    expect(formatRatio(3.44)).toBe('3.4×');
    expect(formatRatio(9.94)).toBe('9.9×');
  });

  it('should show whole numbers from ten, never "10.0×"', () => {
    expect(formatRatio(9.96)).toBe('10×');
    expect(formatRatio(12.4)).toBe('12×');
    expect(formatRatio(1_450.2)).toBe('1,450×');
  });
});
