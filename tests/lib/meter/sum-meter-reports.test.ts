import { describe, expect, it } from 'vitest';
import { sumMeterReports } from '../../../lib/meter/sum-meter-reports';
import type { MeterReport } from '../../../lib/protocol/meter-report';

/** A report whose every figure is `n` times its position's weight, so sums are easy to check by eye. */
function report(n: number, serverTs: number): MeterReport {
  const counters = { requests: n, bytesUp: 10 * n, bytesDown: 100 * n };
  return {
    serverTs,
    modes: { socketio: counters, polling: { ...counters, requests: 2 * n } },
    overhead: { requests: 3 * n, bytesUp: n, bytesDown: n },
    breakdown: {
      polling: { requestHeaders: n, responseHeaders: 2 * n, bodies: 3 * n, tls: 4 * n, ticks: 5 * n },
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
