import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../lib/format/format-duration';

describe('formatDuration', () => {
  it('should show tenths of a second below ten seconds', () => {
    expect(formatDuration(0)).toBe('0.0 s');
    expect(formatDuration(420)).toBe('0.4 s');
    expect(formatDuration(9_440)).toBe('9.4 s');
  });

  it('should show whole seconds once rounding reaches ten seconds, never "10.0 s"', () => {
    expect(formatDuration(9_950)).toBe('10 s');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(59_499)).toBe('59 s');
  });

  it('should show minutes and seconds from a minute, never "60 s"', () => {
    expect(formatDuration(59_500)).toBe('1 min 0 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(3_599_499)).toBe('59 min 59 s');
  });

  it('should show hours and minutes from an hour, never "60 min"', () => {
    expect(formatDuration(3_599_500)).toBe('1 h 0 min');
    expect(formatDuration(7_500_000)).toBe('2 h 5 min');
    expect(formatDuration(7_199_000)).toBe('2 h 0 min');
  });

  it('should show a negative span as zero', () => {
    expect(formatDuration(-5)).toBe('0.0 s');
    expect(formatDuration(-1_500)).toBe('0.0 s');
  });
});
