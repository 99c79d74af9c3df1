import { describe, expect, it } from 'vitest';
import { formatInterval } from '../../../lib/format/format-interval';

describe('formatInterval', () => {
  it('should name intervals below a second in milliseconds and the rest in seconds', () => {
    expect(formatInterval(100)).toBe('100 ms');
    expect(formatInterval(250)).toBe('250 ms');
    expect(formatInterval(1000)).toBe('1 s');
    expect(formatInterval(5000)).toBe('5 s');
  });
});
