import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../../lib/net/loopback';

describe('isLoopbackHost', () => {
  it('should take localhost, 127.0.0.0/8 and ::1 as this machine', () => {
    expect(['localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1', '::ffff:127.0.0.1'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('should not take other addresses and names as this machine', () => {
    expect(
      ['10.0.0.1', '[::2]', 'localhost.example.com', '128.0.0.1', '127.0.0.256', '::ffff:10.0.0.1', '127.0.0'].map(isLoopbackHost),
    ).toEqual([false, false, false, false, false, false, false]);
  });
});
