import { describe, expect, it } from 'vitest';
import { formatHex } from '../../../lib/format/format-hex';

describe('formatHex', () => {
  it('should write each byte as two lower-case digits, spaced', () => {
    expect(formatHex(Uint8Array.from([0x81, 0x7e, 0x00, 0x9c]))).toBe('81 7e 00 9c');
  });

  it('should write nothing for no bytes', () => {
    expect(formatHex(new Uint8Array(0))).toBe('');
  });
});
