/**
 * WebSocket frame headers as RFC 6455 §5.2 lays them out: the sizes the meter books and the fields the
 * wire inspector shows. Byte 0 holds FIN and the opcode, byte 1 the mask bit and a 7-bit length; a
 * length of 126 or 127 says a 16- or 64-bit length follows, and a client's frames end the header with a
 * 4-byte masking key.
 */

export const OPCODES = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface FrameHeader {
  readonly fin: boolean;
  readonly opcode: number;
  readonly masked: boolean;
  readonly payloadLength: number;
  /** Bytes of the header itself, the masking key included. */
  readonly length: number;
}

const MASK_KEY_BYTES = 4;
const LENGTH_16 = 126;
const LENGTH_64 = 127;

/** The header's size for a payload: 2 bytes up to 125, 4 up to 65,535, else 10; a masking key adds 4. */
export function frameHeaderLength(payloadLength: number, masked: boolean): number {
  const base = payloadLength < LENGTH_16 ? 2 : payloadLength <= 0xffff ? 4 : 10;
  return masked ? base + MASK_KEY_BYTES : base;
}

/** The header of a whole (FIN) unmasked frame, as a server writes it. */
export function encodeFrameHeader(opcode: number, payloadLength: number): Uint8Array {
  const header = new Uint8Array(frameHeaderLength(payloadLength, false));
  const view = new DataView(header.buffer);
  header[0] = 0x80 | opcode;
  if (payloadLength < LENGTH_16) {
    header[1] = payloadLength;
  } else if (payloadLength <= 0xffff) {
    header[1] = LENGTH_16;
    view.setUint16(2, payloadLength);
  } else {
    header[1] = LENGTH_64;
    view.setBigUint64(2, BigInt(payloadLength));
  }
  return header;
}

/** Decodes a header from the first `available` bytes; undefined while fewer bytes than it needs are there. */
export function decodeFrameHeader(bytes: Uint8Array, available = bytes.length): FrameHeader | undefined {
  if (available < 2) return undefined;
  const first = bytes[0] ?? 0;
  const second = bytes[1] ?? 0;
  const masked = (second & 0x80) !== 0;
  const code = second & 0x7f;
  const extended = code === LENGTH_16 ? 2 : code === LENGTH_64 ? 8 : 0;
  const length = 2 + extended + (masked ? MASK_KEY_BYTES : 0);
  if (available < length) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  const payloadLength = code === LENGTH_16 ? view.getUint16(2) : code === LENGTH_64 ? Number(view.getBigUint64(2)) : code;
  return { fin: (first & 0x80) !== 0, opcode: first & 0x0f, masked, payloadLength, length };
}

/** The masking key of a masked header: its last four bytes. */
export function maskKeyOf(header: Uint8Array, decoded: FrameHeader): Uint8Array | undefined {
  return decoded.masked ? header.subarray(decoded.length - MASK_KEY_BYTES, decoded.length) : undefined;
}
