import { describe, expect, it } from 'vitest';
import { utf8Prefix } from '../../../lib/format/utf8-prefix';

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

describe('utf8Prefix', () => {
  it('should keep a text that fits whole, with its size', () => {
    expect(utf8Prefix('42["t",[1,2]]', 100)).toEqual({ text: '42["t",[1,2]]', bytes: 13 });
  });

  it('should cut an ASCII text at the byte limit', () => {
    expect(utf8Prefix('HTTP/1.1 101', 8)).toEqual({ text: 'HTTP/1.1', bytes: 8 });
  });

  it('should never cut through a character', () => {
    // "é" is 2 bytes, "€" 3 and "😀" 4 (a surrogate pair in JavaScript).
    expect(utf8Prefix('aé€😀', 3)).toEqual({ text: 'aé', bytes: 3 });
    expect(utf8Prefix('aé€😀', 5)).toEqual({ text: 'aé', bytes: 3 });
    expect(utf8Prefix('aé€😀', 9)).toEqual({ text: 'aé€', bytes: 6 });
    expect(utf8Prefix('aé€😀', 10)).toEqual({ text: 'aé€😀', bytes: 10 });
  });

  it('should count as TextEncoder does, a lone surrogate included', () => {
    for (const text of ['aé€😀', '\ud800x', 'plain']) {
      expect(utf8Prefix(text, 1000).bytes, text).toBe(utf8Bytes(text));
    }
  });
});
