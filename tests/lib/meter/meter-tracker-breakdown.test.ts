import { describe, expect, it } from 'vitest';
import { summarizeBreakdown } from '../../../lib/meter/byte-breakdown';
import { MeterTracker } from '../../../lib/meter/meter-tracker';
import {
  ZERO_BREAKDOWN,
  ZERO_MODE_COUNTERS,
  ZERO_COUNTERS,
  ZERO_SOCKET_IO_BREAKDOWN,
  type MeterReport,
  type PollingBreakdown,
  type SocketIoBreakdown,
} from '../../../lib/protocol/meter-report';
import { TRANSPORT_MODES } from '../../../lib/protocol/transport-mode';

/** A report whose breakdowns add up to its wire bytes, as the server's do. */
function report(serverTs: number, polling: PollingBreakdown & { requests: number }, socketio = ZERO_SOCKET_IO_BREAKDOWN): MeterReport {
  const { requests, ...pollingParts } = polling;
  return {
    serverTs,
    modes: {
      ...ZERO_MODE_COUNTERS,
      polling: {
        requests,
        bytesUp: polling.requestHeaders,
        bytesDown: polling.responseHeaders + polling.bodies + polling.tls,
      },
      socketio: {
        requests: socketio.handshake > 0 ? 1 : 0,
        bytesUp: socketio.handshake,
        bytesDown: socketio.frameHeaders + socketio.payload + socketio.pings + socketio.tls,
      },
    },
    overhead: ZERO_COUNTERS,
    breakdown: { ...ZERO_BREAKDOWN, polling: pollingParts, socketio },
    refusedPolls: 0,
  };
}

/** Checks, per mode, that the parts the view gives add up to the wire bytes it gives. */
function expectPartsToAddUp(tracker: MeterTracker): void {
  const view = tracker.view();
  const summaries = summarizeBreakdown(view.breakdown);
  for (const mode of TRANSPORT_MODES) {
    expect(summaries[mode].total).toBe(view.modes[mode].wire.bytesUp + view.modes[mode].wire.bytesDown);
  }
}

describe('MeterTracker breakdown', () => {
  it('should give the server’s breakdown as it is before any reset', () => {
    const tracker = new MeterTracker();
    const socketio: SocketIoBreakdown = {
      handshake: 450,
      frameHeaders: 80,
      payload: 2_000,
      pings: 6,
      tls: 0,
      ticks: 1_700,
    };
    tracker.ingestReport(
      report(1_000, { requests: 3, requestHeaders: 1_500, responseHeaders: 600, bodies: 900, tls: 0, ticks: 500 }, socketio),
      1_000,
    );
    expect(tracker.view().breakdown).toEqual({
      ...ZERO_BREAKDOWN,
      polling: { requestHeaders: 1_500, responseHeaders: 600, bodies: 900, tls: 0, ticks: 500 },
      socketio,
    });
    expectPartsToAddUp(tracker);
  });

  it('should start from zero on reset and count only what came after', () => {
    const tracker = new MeterTracker();
    tracker.ingestReport(report(1_000, { requests: 3, requestHeaders: 1_500, responseHeaders: 600, bodies: 900, tls: 30, ticks: 500 }), 1_000);
    tracker.reset(1_200);
    expect(tracker.view().breakdown.polling).toEqual({
      requestHeaders: 0,
      responseHeaders: 0,
      bodies: 0,
      tls: 0,
      ticks: 0,
    });
    tracker.ingestReport(
      report(2_000, { requests: 5, requestHeaders: 2_500, responseHeaders: 1_000, bodies: 1_700, tls: 50, ticks: 900 }),
      2_000,
    );
    expect(tracker.view().breakdown.polling).toEqual({
      requestHeaders: 1_000,
      responseHeaders: 400,
      bodies: 800,
      tls: 20,
      ticks: 400,
    });
    expectPartsToAddUp(tracker);
  });

  it('should carry the breakdown across a server restart, as it does the totals', () => {
    const tracker = new MeterTracker();
    tracker.ingestReport(report(1_000, { requests: 2, requestHeaders: 1_000, responseHeaders: 400, bodies: 600, tls: 0, ticks: 300 }), 1_000);
    tracker.reset(1_100);
    tracker.ingestReport(report(2_000, { requests: 4, requestHeaders: 2_000, responseHeaders: 800, bodies: 1_300, tls: 0, ticks: 700 }), 2_000);
    // The server restarted: its totals start again from zero.
    tracker.ingestReport(report(3_000, { requests: 1, requestHeaders: 500, responseHeaders: 200, bodies: 400, tls: 0, ticks: 250 }), 3_000);
    expect(tracker.view().breakdown.polling).toEqual({
      requestHeaders: 1_500,
      responseHeaders: 600,
      bodies: 1_100,
      tls: 0,
      ticks: 650,
    });
    expectPartsToAddUp(tracker);
  });

  it('should restart the totals with the breakdown when only the breakdown shows the restart, so both still add up', () => {
    const tracker = new MeterTracker();
    tracker.ingestReport(
      report(1_000, { requests: 10, requestHeaders: 1_000, responseHeaders: 1_000, bodies: 2_000, tls: 0, ticks: 900 }),
      1_000,
    );
    // After a restart every wire total happens to be higher already; only the bodies went down.
    tracker.ingestReport(
      report(2_000, { requests: 12, requestHeaders: 1_100, responseHeaders: 2_100, bodies: 1_000, tls: 0, ticks: 400 }),
      2_000,
    );
    const view = tracker.view();
    expect(view.modes.polling.wire).toEqual({ requests: 22, bytesUp: 2_100, bytesDown: 6_100 });
    expect(view.breakdown.polling).toEqual({
      requestHeaders: 2_100,
      responseHeaders: 3_100,
      bodies: 3_000,
      tls: 0,
      ticks: 1_300,
    });
    expectPartsToAddUp(tracker);
  });

  it('should restart the breakdown with the totals when only the totals show the restart', () => {
    const tracker = new MeterTracker();
    tracker.ingestReport(
      report(1_000, { requests: 10, requestHeaders: 1_000, responseHeaders: 1_000, bodies: 2_000, tls: 0, ticks: 900 }),
      1_000,
    );
    // Fewer requests than before, every part higher: a restart all the same.
    tracker.ingestReport(
      report(2_000, { requests: 2, requestHeaders: 1_100, responseHeaders: 1_100, bodies: 2_100, tls: 0, ticks: 950 }),
      2_000,
    );
    expect(tracker.view().breakdown.polling).toEqual({
      requestHeaders: 2_100,
      responseHeaders: 2_100,
      bodies: 4_100,
      tls: 0,
      ticks: 1_850,
    });
    expectPartsToAddUp(tracker);
  });
});

describe('MeterTracker active time', () => {
  it('should give each mode the time it was the transport, up to the latest report', () => {
    const tracker = new MeterTracker();
    tracker.setActiveMode('socketio', 10_000);
    tracker.setActiveMode('polling', 14_000);
    tracker.ingestReport(report(99_000, { requests: 0, requestHeaders: 0, responseHeaders: 0, bodies: 0, tls: 0, ticks: 0 }), 20_500);
    expect(tracker.view().modes.socketio.activeMs).toBe(4_000);
    expect(tracker.view().modes.polling.activeMs).toBe(6_500);
  });

  it('should reset as of the latest moment it was told of when not given one', () => {
    const tracker = new MeterTracker();
    tracker.setActiveMode('polling', 10_000);
    tracker.setActiveMode('polling', 12_000);
    tracker.setHidden(false, 13_000);
    tracker.reset();
    expect(tracker.view().modes.polling.activeMs).toBe(0);
    tracker.setActiveMode(null, 14_500);
    expect(tracker.view().modes.polling.activeMs).toBe(1_500);
  });

  it('should count from the reset on', () => {
    const tracker = new MeterTracker();
    tracker.setActiveMode('socketio', 10_000);
    tracker.reset(13_000);
    expect(tracker.view().modes.socketio.activeMs).toBe(0);
    tracker.setActiveMode(null, 15_000);
    expect(tracker.view().modes.socketio.activeMs).toBe(2_000);
    expect(tracker.view().modes.polling.activeMs).toBe(0);
  });
});
