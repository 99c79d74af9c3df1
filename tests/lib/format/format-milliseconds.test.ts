import { describe, expect, it } from 'vitest';
import { formatMilliseconds, formatMillisecondsChange } from '../../../lib/format/format-milliseconds';

describe('formatMilliseconds', () => {
  it('should show whole milliseconds with thousands grouped', () => {
    expect(formatMilliseconds(0)).toBe('0 ms');
    expect(formatMilliseconds(487.4)).toBe('487 ms');
    expect(formatMilliseconds(2_511)).toBe('2,511 ms');
  });
});

describe('formatMillisecondsChange', () => {
  it('should sign every difference, zero as a plus', () => {
    expect(formatMillisecondsChange(487)).toBe('+487 ms');
    expect(formatMillisecondsChange(2_500)).toBe('+2,500 ms');
    expect(formatMillisecondsChange(-12)).toBe('−12 ms');
    expect(formatMillisecondsChange(0)).toBe('+0 ms');
  });

  it('should not show a difference that rounds to zero as negative', () => {
    expect(formatMillisecondsChange(-0.4)).toBe('+0 ms');
  });
});
