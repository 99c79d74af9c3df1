import { describe, expect, it } from 'vitest';
import { MeterTracker, RATE_WINDOW_MS } from '../../../lib/meter/meter-tracker';
import { MIN_COMPARED_TICKS } from '../../../lib/meter/poll-wait';
import {
  ZERO_BREAKDOWN,
  ZERO_MODE_COUNTERS,
  ZERO_COUNTERS,
  ZERO_POLLING_BREAKDOWN,
  ZERO_SOCKET_IO_BREAKDOWN,
  type MeterReport,
} from '../../../lib/protocol/meter-report';

/** The server's clock runs this far ahead of the tab's. */
const OFFSET_MS = 250;
const REPORT_EVERY_MS = 1000;
const BYTES_UP_PER_POLL = 400;
const BYTES_DOWN_PER_POLL = 900;

/**
 * A polling tab on a fake clock: it polls, and a meter report reaches it once a second, read on the
 * server a millisecond before it arrives. Every poll is one request and one message.
 */
class FakeTab {
  readonly tracker = new MeterTracker();
  /** The tab's clock, ms. */
  now = 1_000_000;
  polls = 0;
  bytesDown = 0;

  /** Runs whole seconds of polling, `pollsPerSecond` polls in each, with a report at the end of each second. */
  poll(seconds: number, pollsPerSecond: number, bytesDownPerPoll = BYTES_DOWN_PER_POLL): void {
    for (let s = 0; s < seconds; s++) {
      for (let i = 0; i < pollsPerSecond; i++) {
        this.polls += 1;
        this.bytesDown += bytesDownPerPoll;
        this.tracker.countMessage('polling');
      }
      this.now += REPORT_EVERY_MS;
      this.tracker.ingestReport(this.report(this.now - 1), this.now);
    }
  }

  /** The report the server reads at `tabTime` (tab clock). */
  report(tabTime: number): MeterReport {
    return {
      serverTs: tabTime + OFFSET_MS,
      modes: {
        ...ZERO_MODE_COUNTERS,
        socketio: ZERO_COUNTERS,
        polling: { requests: this.polls, bytesUp: this.polls * BYTES_UP_PER_POLL, bytesDown: this.bytesDown },
      },
      overhead: ZERO_COUNTERS,
      breakdown: { ...ZERO_BREAKDOWN, polling: ZERO_POLLING_BREAKDOWN, socketio: ZERO_SOCKET_IO_BREAKDOWN },
      refusedPolls: 0,
    };
  }

  /** Lets `ms` pass, then the page is hidden (or shown): between two reports, as it happens in a browser. */
  setHidden(hidden: boolean, afterMs = 300): void {
    this.now += afterMs;
    this.tracker.setHidden(hidden, this.now);
  }

  get perSecond() {
    return this.tracker.view().modes.polling.perSecond;
  }
}

/** Polling at 10 a second, for long enough that the rates span a whole window. */
function steadyTab(): FakeTab {
  const tab = new FakeTab();
  tab.poll(RATE_WINDOW_MS / 1000 + 3, 10);
  return tab;
}

function expectTenPollsASecond(tab: FakeTab): void {
  expect(tab.perSecond.requests).toBeCloseTo(10, 9);
  expect(tab.perSecond.messages).toBeCloseTo(10, 9);
  expect(tab.perSecond.bytesUp).toBeCloseTo(10 * BYTES_UP_PER_POLL, 9);
  expect(tab.perSecond.bytesDown).toBeCloseTo(10 * BYTES_DOWN_PER_POLL, 9);
}

/** A report with nothing counted, arriving at `at` (tab clock). */
function reportAt(tracker: MeterTracker, at: number): void {
  tracker.ingestReport(
    {
      serverTs: at + OFFSET_MS,
      modes: { ...ZERO_MODE_COUNTERS, socketio: ZERO_COUNTERS, polling: ZERO_COUNTERS },
      overhead: ZERO_COUNTERS,
      breakdown: { ...ZERO_BREAKDOWN, polling: ZERO_POLLING_BREAKDOWN, socketio: ZERO_SOCKET_IO_BREAKDOWN },
      refusedPolls: 0,
    },
    at,
  );
}

describe('MeterTracker', () => {
  describe('hidden periods', () => {
    it('should report no hidden time before the page is ever hidden', () => {
      const tab = steadyTab();
      tab.tracker.setHidden(false, tab.now);
      expect(tab.tracker.view().hidden).toEqual({ totalMs: 0, periods: 0, now: false });
    });

    it('should add up the time and count the periods the page was hidden', () => {
      const tracker = new MeterTracker();
      tracker.setHidden(true, 10_000);
      tracker.setHidden(false, 12_500);
      tracker.setHidden(true, 20_000);
      tracker.setHidden(false, 20_400);
      expect(tracker.view().hidden).toEqual({ totalMs: 2_900, periods: 2, now: false });
    });

    it('should change nothing when told the state the page already has', () => {
      const tracker = new MeterTracker();
      tracker.setHidden(true, 10_000);
      tracker.setHidden(true, 11_000);
      tracker.setHidden(false, 12_000);
      tracker.setHidden(false, 13_000);
      expect(tracker.view().hidden).toEqual({ totalMs: 2_000, periods: 1, now: false });
    });

    it('should count a period still going up to the latest report', () => {
      const tab = steadyTab();
      tab.setHidden(true, 200);
      tab.poll(3, 1);
      expect(tab.tracker.view().hidden).toEqual({ totalMs: 3_000, periods: 1, now: true });
    });

    it('should count a page that opens hidden from the first moment it is told', () => {
      const tab = new FakeTab();
      tab.tracker.setHidden(true, tab.now);
      tab.poll(2, 1);
      tab.setHidden(false);
      expect(tab.tracker.view().hidden).toEqual({ totalMs: 2_300, periods: 1, now: false });
    });

    it('should not count a period as negative if the clock steps back while hidden', () => {
      const tracker = new MeterTracker();
      tracker.setHidden(true, 10_000);
      tracker.setHidden(false, 9_000);
      expect(tracker.view().hidden).toEqual({ totalMs: 0, periods: 1, now: false });
    });

    it('should forget finished periods on reset', () => {
      const tab = steadyTab();
      tab.setHidden(true);
      tab.poll(2, 1);
      tab.setHidden(false);
      tab.tracker.reset();
      expect(tab.tracker.view().hidden).toEqual({ totalMs: 0, periods: 0, now: false });
    });
  });

  describe('per-second figures', () => {
    it('should stay at the visible rate when polls slow down while the page is hidden', () => {
      const tab = steadyTab();
      expectTenPollsASecond(tab);
      tab.setHidden(true);
      // Hidden: timers throttled to one wake-up a second.
      tab.poll(20, 1);
      tab.setHidden(false);
      expectTenPollsASecond(tab);
      for (let s = 0; s < RATE_WINDOW_MS / 1000 + 2; s++) {
        tab.poll(1, 10);
        expectTenPollsASecond(tab);
      }
    });

    it('should read as slower if it is not told the page was hidden (what the hidden periods prevent)', () => {
      const tab = steadyTab();
      tab.now += 300;
      tab.poll(20, 1);
      tab.poll(1, 10);
      expect(tab.perSecond.requests).toBeLessThan(3);
    });

    it('should not let growth counted while hidden push the rates up', () => {
      const tab = steadyTab();
      tab.setHidden(true);
      // A burst the server counted while the page was hidden, e.g. many catch-up polls at once.
      tab.poll(3, 200, 50_000);
      tab.setHidden(false);
      expectTenPollsASecond(tab);
      tab.poll(2, 10);
      expectTenPollsASecond(tab);
    });

    it('should leave out reports read while hidden that arrive only once the page is back', () => {
      // A frozen page gets no events: the reports read in the meantime arrive together when it thaws.
      const tab = steadyTab();
      tab.setHidden(true);
      const hiddenAt = tab.now;
      tab.now += 10_000;
      tab.tracker.setHidden(false, tab.now);
      for (let i = 1; i <= 10; i++) tab.tracker.ingestReport(tab.report(hiddenAt + i * 1_000 - 300), tab.now + i);
      expect(tab.perSecond.requests).toBeCloseTo(10, 9);
      expect(tab.perSecond.bytesDown).toBeCloseTo(10 * BYTES_DOWN_PER_POLL, 9);
      tab.now += 10;
      tab.poll(3, 10);
      expect(tab.perSecond.requests).toBeCloseTo(10, 9);
      expect(tab.perSecond.bytesDown).toBeCloseTo(10 * BYTES_DOWN_PER_POLL, 9);
      // Messages are sampled when the reports arrive, so the burst adds its few milliseconds, without messages.
      expect(tab.perSecond.messages).toBeCloseTo(10, 1);
    });

    it('should follow a new rate once a whole window of visible time has passed since the page was hidden', () => {
      const tab = steadyTab();
      tab.setHidden(true);
      tab.poll(10, 1);
      tab.setHidden(false);
      tab.poll(RATE_WINDOW_MS / 1000 + 1, 4);
      expect(tab.perSecond.requests).toBeCloseTo(4, 9);
    });
  });

  describe('totals', () => {
    it('should keep counting everything that crossed the wire while the page was hidden', () => {
      const tab = steadyTab();
      const before = tab.tracker.view().modes.polling;
      tab.setHidden(true);
      tab.poll(20, 1);
      tab.setHidden(false);
      tab.poll(1, 10);
      const after = tab.tracker.view().modes.polling;
      expect(after.wire.requests - before.wire.requests).toBe(30);
      expect(after.messages - before.messages).toBe(30);
      expect(after.wire.bytesDown - before.wire.bytesDown).toBe(30 * BYTES_DOWN_PER_POLL);
    });
  });

  describe('tick ages', () => {
    /** A tracker whose clock offset is known, the page visible from 0 to 10 s, hidden to 20 s, visible again. */
    function trackerWithHiddenStretch(): MeterTracker {
      const tracker = new MeterTracker();
      reportAt(tracker, 1_000);
      tracker.setHidden(true, 10_000);
      tracker.setHidden(false, 20_000);
      return tracker;
    }

    it('should record the age of a tick made and shown while the page was visible', () => {
      const tracker = trackerWithHiddenStretch();
      tracker.recordFreshness('socketio', 5_000 + OFFSET_MS, 5_040);
      tracker.recordFreshness('socketio', 20_500 + OFFSET_MS, 20_530);
      expect(tracker.view().modes.socketio.freshness).toMatchObject({ count: 2, max: 40 });
    });

    it('should leave out a tick that waited for its frame while the page was hidden', () => {
      const tracker = trackerWithHiddenStretch();
      tracker.recordFreshness('socketio', 9_990 + OFFSET_MS, 20_016);
      expect(tracker.view().modes.socketio.freshness.count).toBe(0);
    });

    it('should leave out a tick made while the page was hidden and shown after it', () => {
      const tracker = trackerWithHiddenStretch();
      tracker.recordFreshness('polling', 19_500 + OFFSET_MS, 20_100);
      expect(tracker.view().modes.polling.freshness.count).toBe(0);
    });

    it('should leave out a tick shown while the page is hidden', () => {
      const tracker = trackerWithHiddenStretch();
      tracker.setHidden(true, 30_000);
      tracker.recordFreshness('polling', 30_100 + OFFSET_MS, 30_120);
      expect(tracker.view().modes.polling.freshness.count).toBe(0);
    });

    it('should show each second’s ages in the timeline, leaving out the same ticks as the summary', () => {
      const tracker = trackerWithHiddenStretch();
      tracker.recordFreshness('socketio', 9_200 + OFFSET_MS, 9_210);
      tracker.recordFreshness('socketio', 9_990 + OFFSET_MS, 20_016);
      tracker.recordFreshness('polling', 19_500 + OFFSET_MS, 20_100);
      tracker.recordFreshness('polling', 20_700 + OFFSET_MS, 20_900);
      tracker.recordFreshness('polling', 20_800 + OFFSET_MS, 20_900);
      reportAt(tracker, 21_050);
      const { socketio, polling } = tracker.view().modes;
      expect(polling.freshnessTimeline).toEqual([{ ago: 0, count: 2, p50: 100, p95: 200, max: 200 }]);
      expect(socketio.freshnessTimeline).toEqual([{ ago: 11, count: 1, p50: 10, p95: 10, max: 10 }]);
    });
  });

  describe('poll wait', () => {
    /**
     * Records `count` ticks of `mode`, each `ageMs` old when shown, spread over the second before `at`.
     * Ages stay below 256 ms, which the histogram holds exactly: which interval they count for is what matters.
     */
    function ticks(tracker: MeterTracker, mode: 'socketio' | 'polling', count: number, ageMs: number, at: number): void {
      for (let i = 0; i < count; i++) {
        const shownAt = at - 1_000 + i;
        tracker.recordFreshness(mode, shownAt - ageMs + OFFSET_MS, shownAt);
      }
    }

    function trackerAt(pollIntervalMs: number): MeterTracker {
      const tracker = new MeterTracker();
      reportAt(tracker, 1_000);
      tracker.setPollInterval(pollIntervalMs);
      return tracker;
    }

    it('should say nothing until it knows the poll interval', () => {
      expect(new MeterTracker().view().pollWait).toBeNull();
    });

    it('should expect half the current interval and measure polling’s median against Socket.IO’s', () => {
      const tracker = trackerAt(1000);
      ticks(tracker, 'socketio', MIN_COMPARED_TICKS, 8, 5_000);
      ticks(tracker, 'polling', MIN_COMPARED_TICKS, 250, 9_000);
      expect(tracker.view().pollWait).toMatchObject({
        expectedMedianMs: 500,
        measured: { extraMedianMs: 242, pollingMedianMs: 250, socketIoMedianMs: 8 },
        missing: [],
      });
    });

    it('should compare only the ages polling had at the current interval', () => {
      const tracker = trackerAt(100);
      ticks(tracker, 'socketio', MIN_COMPARED_TICKS, 8, 5_000);
      ticks(tracker, 'polling', 500, 50, 9_000);
      tracker.setPollInterval(5000);
      ticks(tracker, 'polling', MIN_COMPARED_TICKS - 1, 240, 20_000);
      expect(tracker.view().pollWait).toMatchObject({ expectedMedianMs: 2_500, measured: null, missing: ['polling'] });
      ticks(tracker, 'polling', 1, 240, 21_000);
      expect(tracker.view().pollWait?.measured?.pollingMedianMs).toBe(240);
      tracker.setPollInterval(100);
      expect(tracker.view().pollWait?.measured?.pollingMedianMs).toBe(50);
    });

    it('should leave out of the comparison a poll that waited through hidden time', () => {
      const tracker = trackerAt(1000);
      ticks(tracker, 'socketio', MIN_COMPARED_TICKS, 8, 5_000);
      tracker.setHidden(true, 6_000);
      tracker.setHidden(false, 7_000);
      ticks(tracker, 'polling', MIN_COMPARED_TICKS, 200, 8_000);
      expect(tracker.view().pollWait?.missing).toEqual(['polling']);
    });

    it('should forget every interval’s ages and the timeline on reset', () => {
      const tracker = trackerAt(1000);
      ticks(tracker, 'socketio', MIN_COMPARED_TICKS, 8, 5_000);
      ticks(tracker, 'polling', MIN_COMPARED_TICKS, 200, 9_000);
      reportAt(tracker, 10_000);
      expect(tracker.view().modes.polling.freshnessTimeline).not.toEqual([]);
      tracker.reset();
      const view = tracker.view();
      expect(view.pollWait).toMatchObject({ measured: null, missing: ['socketio', 'polling'] });
      expect(view.modes.polling.freshnessTimeline).toEqual([]);
      expect(view.modes.socketio.freshnessTimeline).toEqual([]);
    });
  });
});
