import { describe, expect, it } from 'vitest';
import { INSPECT_TEXT_LIMIT } from '../../../lib/protocol/wire-inspection';
import { FrameReader } from '../../../server/metering/websocket-frame-reader';
import { maskedFrame } from '../support/raw-websocket';

const TEXT = 0x1;
const CLOSE = 0x8;
const PING = 0x9;

const connect = maskedFrame(TEXT, Buffer.from('40'));
const pong = maskedFrame(TEXT, Buffer.from('3'));
const subscribe = maskedFrame(TEXT, Buffer.from(`420["subscribe",${JSON.stringify({ pad: 'x'.repeat(180) })}]`));
const controlPing = maskedFrame(PING, Buffer.from('hi'));
const close = maskedFrame(CLOSE, Buffer.from([0x03, 0xe8]));
const stream = Buffer.concat([connect.bytes, pong.bytes, subscribe.bytes, controlPing.bytes, close.bytes]);

/** What the reader should count of `stream`, worked out from the frames as built. */
const PAYLOAD = 2 + (subscribe.bytes.length - subscribe.header.length);
const PINGS = pong.bytes.length + controlPing.bytes.length;

describe('FrameReader', () => {
  it('should count payloads, and pings and pongs whole, leaving headers and close frames to framing', () => {
    const reader = new FrameReader();
    reader.push(stream);
    expect({ payload: reader.payloadBytes, pings: reader.pingBytes }).toEqual({ payload: PAYLOAD, pings: PINGS });
    // The subscribe frame's length needs the 16-bit field: a 4-byte header and a 4-byte key.
    expect(subscribe.header.length).toBe(8);
  });

  it('should count the same however the bytes are split into chunks', () => {
    for (const size of [1, 2, 3, 7, 13]) {
      const reader = new FrameReader();
      for (let at = 0; at < stream.length; at += size) reader.push(stream.subarray(at, at + size));
      expect({ size, payload: reader.payloadBytes, pings: reader.pingBytes }).toEqual({ size, payload: PAYLOAD, pings: PINGS });
    }
  });

  it('should keep the last whole frame: its header as read and its payload unmasked', () => {
    const reader = new FrameReader();
    reader.push(Buffer.concat([connect.bytes, subscribe.bytes, pong.bytes.subarray(0, 3)]));
    const last = reader.last;
    expect(last && Buffer.from(last.headerBytes)).toEqual(subscribe.header);
    expect(last && Buffer.from(last.payloadStart).toString()).toMatch(/^420\["subscribe",\{"pad":"x+"\}\]$/);
    expect(last?.header).toMatchObject({ fin: true, opcode: TEXT, masked: true });
  });

  it('should keep only the start of a long payload, and still know its whole length', () => {
    const long = maskedFrame(TEXT, Buffer.from(`4${'y'.repeat(3000)}`));
    const reader = new FrameReader();
    reader.push(long.bytes);
    expect(reader.last?.payloadStart.length).toBe(INSPECT_TEXT_LIMIT);
    expect(reader.last?.header.payloadLength).toBe(3001);
    expect(reader.payloadBytes).toBe(3001);
  });
});
