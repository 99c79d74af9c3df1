import { ZERO_BREAKDOWN, ZERO_COUNTERS, type MeterBreakdown, type MeterReport, type WireCounters } from '../protocol/meter-report';
import { perMode, TRANSPORT_MODES, type TransportMode } from '../protocol/transport-mode';
import { ActiveTime } from './active-time';
import { FreshnessHistogram, NO_FRESHNESS, type FreshnessSummary } from './freshness-histogram';
import { FreshnessTimeline, type FreshnessSlot } from './freshness-timeline';
import { HiddenPeriods } from './hidden-periods';
import { comparePollWait, type PollWait } from './poll-wait';
import { RateWindow } from './rate-window';
import { SinceReset } from './since-reset';
import { addCounters, decreased, subtractCounters } from './wire-counters';

/**
 * Rates are averaged over this much of the time the page was visible: steady enough to read from the back
 * of a room.
 */
export const RATE_WINDOW_MS = 5000;

export interface ModeFigures {
  /** Wire totals since the page opened or the last reset, as counted by the server. */
  readonly wire: WireCounters;
  /** Messages this tab received in the mode (poll and long-poll answers; the push modes' ticks, catch-ups and notices). */
  readonly messages: number;
  /** Time this mode was the page's transport, ms, up to the tracker's latest report or change. */
  readonly activeMs: number;
  /** Averages over the last RATE_WINDOW_MS of visible time. */
  readonly perSecond: { readonly requests: number; readonly messages: number; readonly bytesUp: number; readonly bytesDown: number };
  /** Age of the newest tick when it reached the screen, ms; ticks that waited through hidden time are left out. */
  readonly freshness: FreshnessSummary;
  /** The same ages second by second over the last minute, newest first; seconds without a tick left out. */
  readonly freshnessTimeline: readonly FreshnessSlot[];
}

/** Time the page was hidden since it opened or the last reset: left out of rates and tick ages, not of totals. */
export interface HiddenFigures {
  /** Up to the tracker's latest report or visibility change, ms. */
  readonly totalMs: number;
  /** Hidden periods, the current one included. */
  readonly periods: number;
  readonly now: boolean;
}

export interface MeterView {
  readonly modes: Readonly<Record<TransportMode, ModeFigures>>;
  readonly overhead: WireCounters;
  /** Server clock minus this tab's clock, as best estimated, ms; null before the first report. */
  readonly clockOffsetMs: number | null;
  readonly reportedAt: number | null;
  readonly hidden: HiddenFigures;
  /** Where each mode's bytes went, since the page opened or the last reset: the parts add up to its wire bytes. */
  readonly breakdown: MeterBreakdown;
  /** What polling at the current interval adds to tick ages, expected and measured; null until the interval is set. */
  readonly pollWait: PollWait | null;
  /** Polls the server refused with 429 Too Many Requests (they are in polling's figures too). */
  readonly refusedPolls: number;
}

type RateKey = keyof ModeFigures['perSecond'];
const RATE_KEYS: readonly RateKey[] = ['requests', 'messages', 'bytesUp', 'bytesDown'];

interface ModeTrack {
  /** Counted before the server's totals last restarted. */
  carried: WireCounters;
  baseline: WireCounters;
  latest: WireCounters;
  messages: number;
  readonly rates: Record<RateKey, RateWindow>;
  readonly freshness: FreshnessHistogram;
  readonly freshnessTimeline: FreshnessTimeline;
}

function newTrack(): ModeTrack {
  return {
    carried: ZERO_COUNTERS,
    baseline: ZERO_COUNTERS,
    latest: ZERO_COUNTERS,
    messages: 0,
    rates: {
      requests: new RateWindow(RATE_WINDOW_MS),
      messages: new RateWindow(RATE_WINDOW_MS),
      bytesUp: new RateWindow(RATE_WINDOW_MS),
      bytesDown: new RateWindow(RATE_WINDOW_MS),
    },
    freshness: new FreshnessHistogram(),
    freshnessTimeline: new FreshnessTimeline(),
  };
}

/**
 * Everything the meter shows, kept apart from React: the server's wire totals for this tab, the messages
 * and tick ages the tab saw itself, per mode, with "since reset" baselines and per-second rates.
 *
 * Rates and tick ages leave out the time the page was hidden: a hidden tab's timers are throttled, so a
 * polling tab polls about once a second whatever its interval, and no frame is drawn to show a tick on.
 * Totals keep counting everything: they are what crossed the wire.
 */
export class MeterTracker {
  readonly #tracks: Record<TransportMode, ModeTrack> = perMode(newTrack);
  readonly #hidden = new HiddenPeriods();
  readonly #breakdown: { readonly [M in TransportMode]: SinceReset<MeterBreakdown[M]> } = {
    socketio: new SinceReset(ZERO_BREAKDOWN.socketio),
    websocket: new SinceReset(ZERO_BREAKDOWN.websocket),
    sse: new SinceReset(ZERO_BREAKDOWN.sse),
    longpolling: new SinceReset(ZERO_BREAKDOWN.longpolling),
    polling: new SinceReset(ZERO_BREAKDOWN.polling),
  };
  readonly #active = new ActiveTime();
  readonly #refused = new SinceReset({ polls: 0 });
  #overheadBaseline: WireCounters = ZERO_COUNTERS;
  #overhead: WireCounters = ZERO_COUNTERS;
  #clockOffsetMs: number | null = null;
  #reportedAt: number | null = null;
  /** The previous report's timestamps, to tell whether the time since then was partly hidden. */
  #previousReport: { readonly serverTs: number; readonly receivedAt: number } | null = null;
  /** The latest moment, on this tab's clock, that the tracker was told anything at. */
  #latestAt = 0;
  #pollIntervalMs: number | null = null;
  /** Polling's tick ages per poll interval, to compare each interval with Socket.IO on its own. */
  readonly #pollingFreshnessByInterval = new Map<number, FreshnessHistogram>();

  /** Sets the interval polling runs at from now on; polling's tick ages are kept per interval as well. */
  setPollInterval(pollIntervalMs: number): void {
    this.#pollIntervalMs = pollIntervalMs;
  }

  /** Records whether the page is hidden (`document.hidden`) as of `at`, this tab's clock. */
  setHidden(hidden: boolean, at: number): void {
    this.#hidden.set(hidden, at);
    this.#latestAt = Math.max(this.#latestAt, at);
  }

  /** Records the transport the page runs from `at` (tab clock) on; null when it runs none. */
  setActiveMode(mode: TransportMode | null, at: number): void {
    this.#active.set(mode, at);
    this.#latestAt = Math.max(this.#latestAt, at);
  }

  /** Takes a server report; `receivedAt` is this tab's clock when it arrived. */
  ingestReport(report: MeterReport, receivedAt: number): void {
    // The smallest (server − client) gap seen is the offset plus the shortest one-way delay: on a LAN or
    // loopback that delay is well under a millisecond, so it is taken as the offset.
    const offset = Math.max(this.#clockOffsetMs ?? -Infinity, report.serverTs - receivedAt);
    this.#clockOffsetMs = offset;
    // Wire totals were read on the server's clock, messages counted on this tab's: each interval since
    // the previous report is checked against the hidden periods on its own clock. One that was hidden at
    // any moment counts in no rate; the rates go on from the visible intervals before and after it.
    const previous = this.#previousReport;
    const wireAfterGap = previous !== null && this.#hidden.overlaps(previous.serverTs - offset, report.serverTs - offset);
    const messagesAfterGap = previous !== null && this.#hidden.overlaps(previous.receivedAt, receivedAt);
    for (const mode of TRANSPORT_MODES) {
      const track = this.#tracks[mode];
      const counters = report.modes[mode];
      // A mode's breakdown is read with its totals: a restart seen in either restarts both, so the parts
      // keep adding up to the totals.
      const restarted = decreased(counters, track.latest) || decreased(report.breakdown[mode], this.#breakdown[mode].latest);
      this.#takeBreakdown(mode, report.breakdown[mode], restarted);
      if (restarted) {
        // The server's totals restarted (a server restart): keep what was counted before, count on from zero.
        track.carried = addCounters(track.carried, subtractCounters(track.latest, track.baseline));
        track.baseline = ZERO_COUNTERS;
      }
      track.latest = counters;
      const wire = { afterGap: wireAfterGap };
      track.rates.requests.push({ at: report.serverTs, total: counters.requests }, wire);
      track.rates.bytesUp.push({ at: report.serverTs, total: counters.bytesUp }, wire);
      track.rates.bytesDown.push({ at: report.serverTs, total: counters.bytesDown }, wire);
      track.rates.messages.push({ at: receivedAt, total: track.messages }, { afterGap: messagesAfterGap });
    }
    const refused = { polls: report.refusedPolls };
    this.#refused.take(refused, decreased(refused, this.#refused.latest));
    if (decreased(report.overhead, this.#overhead)) this.#overheadBaseline = ZERO_COUNTERS;
    this.#overhead = report.overhead;
    this.#reportedAt = receivedAt;
    this.#previousReport = { serverTs: report.serverTs, receivedAt };
    this.#latestAt = Math.max(this.#latestAt, receivedAt);
  }

  /** Generic so that each mode's breakdown keeps its own parts. */
  #takeBreakdown<M extends TransportMode>(mode: M, parts: MeterBreakdown[M], restarted: boolean): void {
    this.#breakdown[mode].take(parts, restarted);
  }

  countMessage(mode: TransportMode): void {
    this.#tracks[mode].messages += 1;
  }

  /**
   * Records the age of a tick stamped `tickTs` (server clock) that reached the screen at `shownAt` (tab
   * clock), unless the page was hidden at some point in between: that age would be the browser's, not
   * the transport's (a frame requested just before the page was hidden is drawn only when it is back).
   */
  recordFreshness(mode: TransportMode, tickTs: number, shownAt: number): void {
    const offset = this.#clockOffsetMs ?? 0;
    if (this.#hidden.overlaps(tickTs - offset, shownAt)) return;
    const age = shownAt + offset - tickTs;
    this.#tracks[mode].freshness.record(age);
    this.#tracks[mode].freshnessTimeline.record(age, shownAt);
    const interval = this.#pollIntervalMs;
    if (mode !== 'polling' || interval === null) return;
    let atInterval = this.#pollingFreshnessByInterval.get(interval);
    if (!atInterval) {
      atInterval = new FreshnessHistogram();
      this.#pollingFreshnessByInterval.set(interval, atInterval);
    }
    atInterval.record(age);
  }

  /**
   * Starts every figure from zero again at `at` (tab clock; by default the latest moment the tracker was
   * told of): every mode, the overhead and the hidden time.
   */
  reset(at: number = this.#latestAt): void {
    for (const mode of TRANSPORT_MODES) {
      const track = this.#tracks[mode];
      track.carried = ZERO_COUNTERS;
      track.baseline = track.latest;
      track.messages = 0;
      for (const key of RATE_KEYS) track.rates[key].clear();
      track.freshness.reset();
      this.#breakdown[mode].reset();
      track.freshnessTimeline.reset();
    }
    this.#pollingFreshnessByInterval.clear();
    this.#refused.reset();
    this.#active.reset(at);
    this.#latestAt = Math.max(this.#latestAt, at);
    this.#overheadBaseline = this.#overhead;
    this.#hidden.reset();
  }

  view(): MeterView {
    const figures = (mode: TransportMode): ModeFigures => {
      const track = this.#tracks[mode];
      return {
        wire: addCounters(track.carried, subtractCounters(track.latest, track.baseline)),
        messages: track.messages,
        activeMs: this.#active.totalMs(mode, this.#latestAt),
        perSecond: {
          requests: track.rates.requests.perSecond(),
          messages: track.rates.messages.perSecond(),
          bytesUp: track.rates.bytesUp.perSecond(),
          bytesDown: track.rates.bytesDown.perSecond(),
        },
        freshness: track.freshness.summary(),
        freshnessTimeline: track.freshnessTimeline.slots(this.#latestAt),
      };
    };
    const modes = perMode(figures);
    const interval = this.#pollIntervalMs;
    return {
      modes,
      overhead: subtractCounters(this.#overhead, this.#overheadBaseline),
      clockOffsetMs: this.#clockOffsetMs,
      reportedAt: this.#reportedAt,
      hidden: {
        totalMs: this.#hidden.totalMs(this.#latestAt),
        periods: this.#hidden.count,
        now: this.#hidden.hiddenNow,
      },
      breakdown: {
        socketio: this.#breakdown.socketio.value(),
        websocket: this.#breakdown.websocket.value(),
        sse: this.#breakdown.sse.value(),
        longpolling: this.#breakdown.longpolling.value(),
        polling: this.#breakdown.polling.value(),
      },
      pollWait:
        interval === null
          ? null
          : comparePollWait(interval, modes.socketio.freshness, this.#pollingFreshnessByInterval.get(interval)?.summary() ?? NO_FRESHNESS),
      refusedPolls: this.#refused.value().polls,
    };
  }
}
