import { describe, expect, it } from 'vitest';
import { formatHex, parseHex } from '../../../lib/format/format-hex';

describe('formatHex', () => {
  it('should write each byte as two lower-case digits, spaced', () => {
    expect(formatHex(Uint8Array.from([0x81, 0x7e, 0x00, 0x9c]))).toBe('81 7e 00 9c');
  });

  it('should write nothing for no bytes', () => {
    expect(formatHex(new Uint8Array(0))).toBe('');
  });
});

describe('parseHex', () => {
  it('should read back what formatHex wrote', () => {
    const bytes = Uint8Array.from([0x81, 0xfe, 0x00, 0x9c, 0x37, 0xfa, 0x21, 0x3d]);
    expect(parseHex(formatHex(bytes))).toEqual(bytes);
    expect(parseHex('')).toEqual(new Uint8Array(0));
  });

  it.each(['81 7', '817e', '81  7e', ' 81', '81 zz'])('should refuse %j, which is not a dump', (dump) => {
    expect(parseHex(dump)).toBeUndefined();
  });
});
