import { describe, expect, it } from 'vitest';
import { MeterTracker } from '../../../lib/meter/meter-tracker';
import {
  ZERO_BREAKDOWN,
  ZERO_MODE_COUNTERS,
  ZERO_COUNTERS,
  ZERO_POLLING_BREAKDOWN,
  ZERO_SOCKET_IO_BREAKDOWN,
} from '../../../lib/protocol/meter-report';

/** A report of `polls` polls, `refusedPolls` of them refused, read at `at`. */
function ingest(tracker: MeterTracker, at: number, polls: number, refusedPolls: number): void {
  tracker.ingestReport(
    {
      serverTs: at,
      modes: { ...ZERO_MODE_COUNTERS, socketio: ZERO_COUNTERS, polling: { requests: polls, bytesUp: 500 * polls, bytesDown: 300 * polls } },
      overhead: ZERO_COUNTERS,
      breakdown: { ...ZERO_BREAKDOWN, polling: ZERO_POLLING_BREAKDOWN, socketio: ZERO_SOCKET_IO_BREAKDOWN },
      refusedPolls,
    },
    at,
  );
}

describe('MeterTracker refused polls', () => {
  it('should show how many polls the server refused', () => {
    const tracker = new MeterTracker();
    expect(tracker.view().refusedPolls).toBe(0);
    ingest(tracker, 1_000, 10, 0);
    ingest(tracker, 2_000, 25, 6);
    expect(tracker.view().refusedPolls).toBe(6);
    expect(tracker.view().modes.polling.wire.requests).toBe(25);
  });

  it('should count from zero again after Reset', () => {
    const tracker = new MeterTracker();
    ingest(tracker, 1_000, 20, 4);
    tracker.reset(1_500);
    ingest(tracker, 2_000, 30, 7);
    expect(tracker.view().refusedPolls).toBe(3);
  });

  it('should keep what was counted before the server restarted', () => {
    const tracker = new MeterTracker();
    ingest(tracker, 1_000, 20, 4);
    ingest(tracker, 2_000, 2, 1);
    expect(tracker.view().refusedPolls).toBe(5);
  });
});
