import { describe, expect, it } from 'vitest';
import { sumMeterReports } from '../../../lib/meter/sum-meter-reports';
import type { MeterReport } from '../../../lib/protocol/meter-report';
import { perMode, TRANSPORT_MODES } from '../../../lib/protocol/transport-mode';

/** A report whose every figure is `n` times its position's weight, so sums are easy to check by eye. */
function report(n: number, serverTs: number): MeterReport {
  const counters = { requests: n, bytesUp: 10 * n, bytesDown: 100 * n };
  return {
    serverTs,
    // Each mode a different multiple, so a mode added to the wrong one would show.
    modes: perMode((mode) => ({ ...counters, requests: (TRANSPORT_MODES.indexOf(mode) + 1) * n })),
    overhead: { requests: 3 * n, bytesUp: n, bytesDown: n },
    breakdown: {
      polling: { requestHeaders: n, responseHeaders: 2 * n, bodies: 3 * n, tls: 4 * n, ticks: 5 * n },
      longpolling: {
        requestHeaders: 2 * n,
        responseHeaders: 3 * n,
        bodies: 4 * n,
        tls: 5 * n,
        ticks: 6 * n,
        heldMs: 700 * n,
        heldPolls: 7 * n,
      },
      sse: { requestHeaders: 3 * n, responseHeaders: 4 * n, chunkFraming: 5 * n, eventFraming: 6 * n, data: 7 * n, tls: 8 * n, ticks: 9 * n },
      websocket: { handshake: 4 * n, frameHeaders: 5 * n, payload: 6 * n, pings: 7 * n, tls: 8 * n, ticks: 9 * n },
      socketio: { handshake: n, frameHeaders: 2 * n, payload: 3 * n, pings: 4 * n, tls: 5 * n, ticks: 6 * n },
    },
    refusedPolls: 7 * n,
  };
}

describe('sumMeterReports', () => {
  it('should add every running total of every part, and keep the latest time', () => {
    expect(sumMeterReports(report(1, 500), report(2, 900), report(4, 700))).toEqual(report(7, 900));
  });

  it('should give back a lone report as it is', () => {
    expect(sumMeterReports(report(3, 10))).toEqual(report(3, 10));
  });
});
