import { createStore, type StoreApi } from 'zustand';
import { PriceSeriesSet } from '@/lib/market/price-series';
import { MeterTracker, type MeterView } from '@/lib/meter/meter-tracker';
import type { FeedMessage } from '@/lib/protocol/feed-message';
import type { MarketInfo, SymbolListing } from '@/lib/protocol/market-info';
import { decodeTick } from '@/lib/protocol/tick-codec';
import { TRANSPORT_LABELS, type PollIntervalMs, type TransportMode } from '@/lib/protocol/transport-mode';
import type { ConnectionStatus } from '../_transports/transport';

export interface SymbolRow {
  readonly cents: number;
  /** Direction of the last move, for the flash and the arrow. */
  readonly direction: -1 | 0 | 1;
  /** How many moves this tab has seen; a new value restarts the flash. */
  readonly moves: number;
}

/** How the tab came back after its connection was down, shown for a while after it is back. */
export type Recovery =
  /** The same market: `ticks` missed while away were caught up. */
  | { readonly kind: 'caught-up'; readonly awayMs: number; readonly ticks: number }
  /** The server came back with a new market (a new epoch): the view started over. */
  | { readonly kind: 'restarted'; readonly awayMs: number };

export interface TickerState {
  readonly epoch: number | null;
  readonly seq: number;
  readonly lastTickTs: number;
  readonly tickIntervalMs: number;
  readonly symbols: readonly SymbolListing[];
  readonly rows: readonly SymbolRow[];
  readonly selected: number;
  /** Ticks the server no longer held when this tab asked for them. */
  readonly lostTicks: number;
  readonly recovery: Recovery | null;
  readonly mode: TransportMode;
  readonly pollIntervalMs: PollIntervalMs;
  readonly connection: ConnectionStatus;
  readonly meter: MeterView;
}

/** Points kept per symbol for the sparklines and the chart: 60 s of ticks at the fastest default rate. */
export const SERIES_CAPACITY = 600;

/** What the meter shows before its first report: whatever an untouched tracker says. */
const EMPTY_METER: MeterView = new MeterTracker().view();

/**
 * One view of the market: its React state, and the recent prices per symbol. The prices are outside the
 * React state on purpose: a tick writes a few numbers there instead of copying every symbol's history
 * into new arrays ten times a second. Readers redraw when the row's `moves` (sparklines) or the market
 * time (the chart) says there is something new.
 */
export interface TickerStore {
  readonly state: StoreApi<TickerState>;
  readonly series: PriceSeriesSet;
}

export interface TickerStoreDefaults {
  readonly mode: TransportMode;
  readonly pollIntervalMs: PollIntervalMs;
}

export function createTickerStore({ mode, pollIntervalMs }: TickerStoreDefaults): TickerStore {
  const state = createStore<TickerState>()(() => ({
    epoch: null,
    seq: 0,
    lastTickTs: 0,
    tickIntervalMs: 100,
    symbols: [],
    rows: [],
    selected: 0,
    lostTicks: 0,
    recovery: null,
    mode,
    pollIntervalMs,
    connection: { state: 'connecting', transport: TRANSPORT_LABELS[mode] },
    meter: EMPTY_METER,
  }));
  return { state, series: new PriceSeriesSet(SERIES_CAPACITY) };
}

const sign = (n: number): -1 | 0 | 1 => (n > 0 ? 1 : n < 0 ? -1 : 0);

/** Starts over from a market description: new symbols, prices and history (a new page or a new epoch). */
export function loadMarket({ state: store, series }: TickerStore, info: MarketInfo): void {
  series.reset(info.symbols.length);
  for (const wire of info.history) {
    const tick = decodeTick(wire);
    for (const [index, cents] of tick.updates) series.push(index, tick.ts, cents);
  }
  store.setState((state) => ({
    epoch: info.epoch,
    seq: info.snapshot.seq,
    lastTickTs: info.snapshot.ts,
    tickIntervalMs: info.tickIntervalMs,
    symbols: info.symbols,
    rows: info.snapshot.prices.map((cents) => ({ cents, direction: 0, moves: 0 })),
    selected: state.selected < info.symbols.length ? state.selected : 0,
  }));
}

export type ApplyResult =
  /** Applied; `shownTs` are the server times of the ticks that are new on screen, oldest first. */
  | { readonly kind: 'applied'; readonly shownTs: readonly number[] }
  /** The message belongs to another epoch: the market restarted and must be loaded again. */
  | { readonly kind: 'new-epoch' };

/**
 * Applies what a transport delivered. Ticks already seen are skipped, so switching transports or
 * reconnecting never applies a tick twice; rows change identity only when their price moved.
 */
export function applyFeedMessage({ state: store, series }: TickerStore, message: FeedMessage): ApplyResult {
  const state = store.getState();
  if (message.kind === 'snapshot') {
    if (message.snapshot.epoch !== state.epoch) return { kind: 'new-epoch' };
    if (message.snapshot.seq <= state.seq) return { kind: 'applied', shownTs: [] };
    const rows = message.snapshot.prices.map((cents, i): SymbolRow => {
      const previous = state.rows[i];
      if (previous?.cents === cents) return previous;
      series.push(i, message.snapshot.ts, cents);
      return { cents, direction: sign(cents - (previous?.cents ?? cents)), moves: (previous?.moves ?? 0) + 1 };
    });
    store.setState({
      rows,
      seq: message.snapshot.seq,
      lastTickTs: message.snapshot.ts,
    });
    return { kind: 'applied', shownTs: [message.snapshot.ts] };
  }

  if (message.epoch !== state.epoch) return { kind: 'new-epoch' };
  let rows: SymbolRow[] | null = null;
  let seq = state.seq;
  let lastTickTs = state.lastTickTs;
  let lost = 0;
  const shownTs: number[] = [];
  for (const tick of message.ticks) {
    if (tick.seq <= seq) continue;
    shownTs.push(tick.ts);
    if (tick.seq > seq + 1) lost += tick.seq - seq - 1;
    for (const [index, cents] of tick.updates) {
      const current = (rows ?? state.rows)[index];
      if (!current) continue;
      rows ??= state.rows.slice();
      rows[index] = { cents, direction: sign(cents - current.cents), moves: current.moves + 1 };
      series.push(index, tick.ts, cents);
    }
    seq = tick.seq;
    lastTickTs = tick.ts;
  }
  if (seq === state.seq) return { kind: 'applied', shownTs };
  if (rows) {
    // A poll brings several ticks at once; what the user sees is the change from before the message. A
    // symbol that moved and came back keeps its old row, so it neither re-renders nor flashes.
    let changed = false;
    for (let i = 0; i < rows.length; i++) {
      const before = state.rows[i];
      const after = rows[i]!;
      if (!before || after === before) continue;
      if (after.cents === before.cents) {
        rows[i] = before;
      } else {
        rows[i] = { ...after, direction: sign(after.cents - before.cents) };
        changed = true;
      }
    }
    if (!changed) rows = null;
  }
  store.setState({
    seq,
    lastTickTs,
    lostTicks: state.lostTicks + lost,
    ...(rows ? { rows } : {}),
  });
  return { kind: 'applied', shownTs };
}
