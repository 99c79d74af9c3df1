import { describe, expect, it } from 'vitest';
import { BREAKDOWN_PARTS, summarizeBreakdown } from '../../../lib/meter/byte-breakdown';
import { ZERO_BREAKDOWN } from '../../../lib/protocol/meter-report';
import { TRANSPORT_MODES } from '../../../lib/protocol/transport-mode';

describe('byte breakdown', () => {
  it.each(TRANSPORT_MODES)('should list every byte part of the %s schema but the tick data, which lies inside the others', (mode) => {
    const notParts = ['ticks', 'heldMs', 'heldPolls'];
    expect([...BREAKDOWN_PARTS[mode]].sort()).toEqual(
      Object.keys(ZERO_BREAKDOWN[mode])
        .filter((k) => !notParts.includes(k))
        .sort(),
    );
  });

  it('should leave long polling hold times out of its bytes', () => {
    const { longpolling } = summarizeBreakdown({
      ...ZERO_BREAKDOWN,
      longpolling: { requestHeaders: 100, responseHeaders: 200, bodies: 300, tls: 400, ticks: 150, heldMs: 25_000, heldPolls: 3 },
    });
    expect(longpolling.total).toBe(1_000);
    expect(longpolling.usefulShare).toBeCloseTo(0.15, 12);
  });

  it('should total the parts and give the tick data as a share of that total', () => {
    const { polling, socketio } = summarizeBreakdown({
      ...ZERO_BREAKDOWN,
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
      ...ZERO_BREAKDOWN,
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
    const { polling, socketio } = summarizeBreakdown(ZERO_BREAKDOWN);
    expect(polling.total).toBe(0);
    expect(polling.usefulShare).toBeNull();
    expect(socketio.usefulShare).toBeNull();
  });
});
