import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../lib/net/retry-after';

describe('retryAfterMs', () => {
  it('should read whole seconds', () => {
    expect(retryAfterMs('1')).toBe(1000);
    expect(retryAfterMs(' 120 ')).toBe(120_000);
    expect(retryAfterMs('0')).toBe(0);
  });

  it('should read an HTTP date as the time left until it', () => {
    const now = Date.UTC(2026, 10, 21, 22, 40, 0);
    expect(retryAfterMs('Sat, 21 Nov 2026 22:40:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Sat, 21 Nov 2026 22:39:00 GMT', now)).toBe(0);
  });

  it('should give null without a usable header', () => {
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('')).toBeNull();
    expect(retryAfterMs('-1')).toBeNull();
    expect(retryAfterMs('1.5')).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });
});
