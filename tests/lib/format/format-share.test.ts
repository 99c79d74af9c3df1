import { describe, expect, it } from 'vitest';
import { formatShare } from '../../../lib/format/format-share';

describe('formatShare', () => {
  it('should show tenths of a percent below ten percent', () => {
    expect(formatShare(0)).toBe('0.0 %');
    expect(formatShare(0.0042)).toBe('0.4 %');
    expect(formatShare(0.0944)).toBe('9.4 %');
  });

  it('should show whole percents once rounding reaches ten percent, never "10.0 %"', () => {
    expect(formatShare(0.0996)).toBe('10 %');
    expect(formatShare(0.374)).toBe('37 %');
    expect(formatShare(0.875)).toBe('88 %');
  });

  it('should not round a share short of all up to 100 %', () => {
    expect(formatShare(0.996)).toBe('99 %');
    expect(formatShare(1)).toBe('100 %');
  });

  it('should show a negative share as zero', () => {
    expect(formatShare(-0.2)).toBe('0.0 %');
  });
});
