import { formatBytes, formatCount, formatRate } from '../format/format-bytes';
import { formatMilliseconds } from '../format/format-milliseconds';
import type { ModeFigures } from './meter-tracker';

/** One figure of a mode's meter, the same wherever a meter shows it. */
export interface MeterFigure {
  /** Its name on screen, and the row's `data-metric` for anyone reading the page. */
  readonly label: string;
  /** What it counts, for a tooltip; `whose` names the connections counted ("this tab", "this view"). */
  readonly hint: (whose: string) => string;
  /** Since the view opened or was reset; null while there is nothing to show. */
  readonly total: (figures: ModeFigures) => number | null;
  readonly format: (n: number) => string;
}

/** A figure of traffic: a total, and a rate over the last few seconds. */
export interface TrafficFigure extends MeterFigure {
  readonly total: (figures: ModeFigures) => number;
  readonly rate: { readonly value: (figures: ModeFigures) => number; readonly format: (n: number) => string };
}

/** A tick age; `short` is its name where "Tick age" already heads the group. */
export interface TickAgeFigure extends MeterFigure {
  readonly short: string;
}

const perSecond = (format: (n: number) => string) => (n: number) => `${format(n)}/s`;

export const TRAFFIC_FIGURES: readonly TrafficFigure[] = [
  {
    label: 'Requests',
    hint: (whose) =>
      `HTTP requests ${whose} made: every poll and long poll; one per stream for Server-Sent Events; only the handshake for a WebSocket or Socket.IO.`,
    total: (f) => f.wire.requests,
    format: formatCount,
    rate: { value: (f) => f.perSecond.requests, format: perSecond(formatRate) },
  },
  {
    label: 'Messages',
    hint: (whose) => `Messages that reached ${whose}: poll and long-poll answers; the push modes' ticks and catch-ups.`,
    total: (f) => f.messages,
    format: formatCount,
    rate: { value: (f) => f.perSecond.messages, format: perSecond(formatRate) },
  },
  {
    label: 'Bytes up',
    hint: (whose) => `TCP payload from ${whose} to the server, counted by the server: request lines and headers, WebSocket frames and pongs.`,
    total: (f) => f.wire.bytesUp,
    format: formatBytes,
    rate: { value: (f) => f.perSecond.bytesUp, format: perSecond(formatBytes) },
  },
  {
    label: 'Bytes down',
    hint: (whose) =>
      `TCP payload from the server to ${whose}, counted by the server: status lines, headers, bodies, events and their framing, the 101 handshake, frames and pings.`,
    total: (f) => f.wire.bytesDown,
    format: formatBytes,
    rate: { value: (f) => f.perSecond.bytesDown, format: perSecond(formatBytes) },
  },
];

/** No age before the first tick: "0 ms" would claim a tick arrived instantly. */
const age = (value: (f: ModeFigures) => number) => (f: ModeFigures) => (f.freshness.count ? value(f) : null);

export const TICK_AGE_FIGURES: readonly TickAgeFigure[] = [
  {
    label: 'Tick age p50',
    short: 'p50',
    hint: () =>
      'Median age of a tick when it reached the screen (server timestamp → next frame). Polling every P adds about P/2: a tick waits for the next poll.',
    total: age((f) => f.freshness.p50),
    format: formatMilliseconds,
  },
  {
    label: 'Tick age p95',
    short: 'p95',
    hint: () => '95th percentile of the same age.',
    total: age((f) => f.freshness.p95),
    format: formatMilliseconds,
  },
  {
    label: 'Tick age max',
    short: 'max',
    hint: () =>
      'The oldest tick when it reached the screen. Polling every P adds up to P: a tick made just after a poll waits the whole interval.',
    total: age((f) => f.freshness.max),
    format: formatMilliseconds,
  },
];
