import { describe, expect, it } from 'vitest';
import { ZERO_SOCKET_IO_BREAKDOWN } from '../../../lib/protocol/meter-report';
import { addSocketIoParts, type SocketIoParts } from '../../../server/metering/socket-io-parts';

const fresh = (): SocketIoParts => ({ ...ZERO_SOCKET_IO_BREAKDOWN });
const sum = (parts: SocketIoParts) => parts.handshake + parts.frameHeaders + parts.payload + parts.pings + parts.tls;

describe('addSocketIoParts', () => {
  it('should book what the meter did not explain to frame headers, and the wire beyond the plaintext to TLS', () => {
    const parts = fresh();
    addSocketIoParts(parts, { wire: 5000, plain: 1000, plainUp: 0 }, { handshakeBytes: 400, payloadBytes: 450, pingBytes: 60, tickBytes: 200 });
    expect(parts).toEqual({ handshake: 400, frameHeaders: 90, payload: 450, pings: 60, tls: 4000, ticks: 200 });
  });

  it('should add each connection to what is already there', () => {
    const parts = fresh();
    addSocketIoParts(parts, { wire: 600, plain: 600, plainUp: 0 }, { handshakeBytes: 400, payloadBytes: 150, pingBytes: 10, tickBytes: 100 });
    addSocketIoParts(parts, { wire: 600, plain: 600, plainUp: 0 }, { handshakeBytes: 400, payloadBytes: 150, pingBytes: 10, tickBytes: 100 });
    expect(parts).toEqual({ handshake: 800, frameHeaders: 80, payload: 300, pings: 20, tls: 0, ticks: 200 });
  });

  it('should cap a meter that counted more than the socket carried, so no part is negative and the sum holds', () => {
    const parts = fresh();
    addSocketIoParts(parts, { wire: 700, plain: 500, plainUp: 0 }, { handshakeBytes: 400, payloadBytes: 90, pingBytes: 30, tickBytes: 500 });
    expect(parts).toEqual({ handshake: 400, frameHeaders: 0, payload: 70, pings: 30, tls: 200, ticks: 70 });
    expect(sum(parts)).toBe(700);
  });
});
