import { describe, expect, it } from 'vitest';
import { BREAKDOWN_PARTS, summarizeBreakdown } from '../../../lib/meter/byte-breakdown';
import { ZERO_POLLING_BREAKDOWN, ZERO_SOCKET_IO_BREAKDOWN } from '../../../lib/protocol/meter-report';

describe('byte breakdown', () => {
  it('should list every part of each schema but the tick data, which lies inside the others', () => {
    expect([...BREAKDOWN_PARTS.polling].sort()).toEqual(
      Object.keys(ZERO_POLLING_BREAKDOWN)
        .filter((k) => k !== 'ticks')
        .sort(),
    );
    expect([...BREAKDOWN_PARTS.socketio].sort()).toEqual(
      Object.keys(ZERO_SOCKET_IO_BREAKDOWN)
        .filter((k) => k !== 'ticks')
        .sort(),
    );
  });

  it('should total the parts and give the tick data as a share of that total', () => {
    const { polling, socketio } = summarizeBreakdown({
      polling: { requestHeaders: 5_000, responseHeaders: 2_000, bodies: 3_000, tls: 0, ticks: 1_500 },
      socketio: { handshake: 400, frameHeaders: 300, payload: 9_000, pings: 100, tls: 200, ticks: 8_000 },
    });
    expect(polling.total).toBe(10_000);
    expect(polling.ticks).toBe(1_500);
    expect(polling.usefulShare).toBeCloseTo(0.15, 12);
    expect(socketio.total).toBe(10_000);
    expect(socketio.usefulShare).toBeCloseTo(0.8, 12);
  });

  it('should give the parts in drawing order with their bytes', () => {
    const { socketio } = summarizeBreakdown({
      polling: ZERO_POLLING_BREAKDOWN,
      socketio: { handshake: 1, frameHeaders: 2, payload: 3, pings: 4, tls: 5, ticks: 3 },
    });
    expect(socketio.parts).toEqual([
      { part: 'handshake', bytes: 1 },
      { part: 'frameHeaders', bytes: 2 },
      { part: 'payload', bytes: 3 },
      { part: 'pings', bytes: 4 },
      { part: 'tls', bytes: 5 },
    ]);
  });

  it('should give no useful share, rather than 0 % or NaN, before a mode has any bytes', () => {
    const { polling, socketio } = summarizeBreakdown({
      polling: ZERO_POLLING_BREAKDOWN,
      socketio: ZERO_SOCKET_IO_BREAKDOWN,
    });
    expect(polling.total).toBe(0);
    expect(polling.usefulShare).toBeNull();
    expect(socketio.usefulShare).toBeNull();
  });
});
