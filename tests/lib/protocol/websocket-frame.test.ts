import { describe, expect, it } from 'vitest';
import { decodeFrameHeader, encodeFrameHeader, frameHeaderLength, maskKeyOf, OPCODES } from '../../../lib/protocol/websocket-frame';

// The examples of RFC 6455 §5.7, byte for byte.
const HELLO_UNMASKED = [0x81, 0x05];
const HELLO_MASKED = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d];
const BINARY_256 = [0x82, 0x7e, 0x01, 0x00];
const BINARY_64K = [0x82, 0x7f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00];

describe('websocket frame headers', () => {
  describe('frameHeaderLength', () => {
    it.each([
      [0, false, 2],
      [125, false, 2],
      [126, false, 4],
      [65_535, false, 4],
      [65_536, false, 10],
      [125, true, 6],
      [126, true, 8],
      [65_536, true, 14],
    ])('should size the header of a %i-byte payload (masked: %s) at %i bytes', (payload, masked, bytes) => {
      expect(frameHeaderLength(payload, masked)).toBe(bytes);
    });
  });

  describe('encodeFrameHeader', () => {
    it("should write the RFC's examples of unmasked frames", () => {
      expect([...encodeFrameHeader(OPCODES.text, 5)]).toEqual(HELLO_UNMASKED);
      expect([...encodeFrameHeader(OPCODES.binary, 256)]).toEqual(BINARY_256);
      expect([...encodeFrameHeader(OPCODES.binary, 65_536)]).toEqual(BINARY_64K);
    });
  });

  describe('decodeFrameHeader', () => {
    it("should read the RFC's examples, the masking key included in the header", () => {
      expect(decodeFrameHeader(Uint8Array.from(HELLO_UNMASKED))).toEqual({
        fin: true,
        opcode: OPCODES.text,
        masked: false,
        payloadLength: 5,
        length: 2,
      });
      expect(decodeFrameHeader(Uint8Array.from(HELLO_MASKED))).toMatchObject({ masked: true, payloadLength: 5, length: 6 });
      expect(decodeFrameHeader(Uint8Array.from(BINARY_256))).toMatchObject({ opcode: OPCODES.binary, payloadLength: 256, length: 4 });
      expect(decodeFrameHeader(Uint8Array.from(BINARY_64K))).toMatchObject({ payloadLength: 65_536, length: 10 });
    });

    it('should wait for every byte of the header before decoding it', () => {
      const bytes = Uint8Array.from(BINARY_64K);
      for (let available = 0; available < bytes.length; available++) {
        expect(decodeFrameHeader(bytes, available)).toBeUndefined();
      }
      expect(decodeFrameHeader(bytes, bytes.length)).toBeDefined();
    });

    it('should read a frame that is not the last of its message', () => {
      expect(decodeFrameHeader(Uint8Array.from([0x01, 0x03]))).toMatchObject({ fin: false, opcode: OPCODES.text });
    });
  });

  describe('maskKeyOf', () => {
    it('should take the last four bytes of a masked header, and none of an unmasked one', () => {
      const masked = Uint8Array.from(HELLO_MASKED);
      const header = decodeFrameHeader(masked);
      expect(header && [...(maskKeyOf(masked, header) ?? [])]).toEqual([0x37, 0xfa, 0x21, 0x3d]);
      const plain = Uint8Array.from(HELLO_UNMASKED);
      const plainHeader = decodeFrameHeader(plain);
      expect(plainHeader && maskKeyOf(plain, plainHeader)).toBeUndefined();
    });
  });
});
