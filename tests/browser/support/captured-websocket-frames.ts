import type { SocketIoBreakdown } from '../../../lib/protocol/meter-report';
import { OPCODES } from '../../../lib/protocol/websocket-frame';

/**
 * One direction of a captured WebSocket, split the way the meter's Socket.IO breakdown splits it: frame
 * headers with the client's masking keys, and close frames whole; the payloads of all other frames; and
 * ping and pong frames whole, engine.io's (a text frame "2" or "3") and WebSocket's own.
 */
export type CapturedFrameParts = Pick<SocketIoBreakdown, 'frameHeaders' | 'payload' | 'pings'>;

const ENGINE_IO_PING = '2'.charCodeAt(0);
const ENGINE_IO_PONG = '3'.charCodeAt(0);

/**
 * Reads the frames (RFC 6455 §5.2) in one direction of a WebSocket's plaintext, everything after the
 * handshake, and adds up their parts. Only the RFC's opcodes come from lib/protocol/websocket-frame; the
 * header is read here: this checks the server's counting, so it must not share the server's reading of a
 * header, or a slip in it would be agreed with. Stops loudly where it cannot read on: the bytes end
 * inside a frame, or a frame is compressed (its payload would not say whether it is a ping).
 */
export function capturedFrameParts(bytes: Buffer): CapturedFrameParts {
  let frameHeaders = 0;
  let payload = 0;
  let pings = 0;
  let at = 0;
  while (at < bytes.length) {
    const fail = (why: string) => new Error(`WebSocket frame at byte ${at} of ${bytes.length}: ${why}`);
    if (bytes.length - at < 2) throw fail('the bytes end inside its header');
    const first = bytes.readUInt8(at);
    const second = bytes.readUInt8(at + 1);
    if ((first & 0x70) !== 0) throw fail('RSV bits set (a compressed frame?)');
    const opcode = first & 0x0f;
    const masked = (second & 0x80) !== 0;
    const shortLength = second & 0x7f;
    const lengthBytes = shortLength === 126 ? 2 : shortLength === 127 ? 8 : 0;
    const headerLength = 2 + lengthBytes + (masked ? 4 : 0);
    if (bytes.length - at < headerLength) throw fail('the bytes end inside its header');
    const payloadLength =
      lengthBytes === 2 ? bytes.readUInt16BE(at + 2) : lengthBytes === 8 ? Number(bytes.readBigUInt64BE(at + 2)) : shortLength;
    const frameLength = headerLength + payloadLength;
    if (bytes.length - at < frameLength) throw fail(`the bytes end inside its ${payloadLength}-byte payload`);

    // Only a one-byte payload can be "2" or "3"; a client's is masked with the key's first byte.
    const key = masked ? bytes.readUInt8(at + headerLength - 4) : 0;
    const onlyByte = payloadLength === 1 ? bytes.readUInt8(at + headerLength) ^ key : -1;
    const engineIoPing = opcode === OPCODES.text && (onlyByte === ENGINE_IO_PING || onlyByte === ENGINE_IO_PONG);
    if (engineIoPing || opcode === OPCODES.ping || opcode === OPCODES.pong) {
      pings += frameLength;
    } else if (opcode === OPCODES.close) {
      frameHeaders += frameLength;
    } else {
      frameHeaders += headerLength;
      payload += payloadLength;
    }
    at += frameLength;
  }
  return { frameHeaders, payload, pings };
}
