import createDebug from 'debug';
import type { MarketSnapshot, PriceUpdate, Tick } from '../protocol/tick';
import { gbmStep } from './gbm';
import { parseMarketConfig, type MarketConfig, type MarketConfigInput } from './market-config';
import { createRandomSource, type RandomSource } from './random-source';
import { createSymbolUniverse, type SymbolInfo } from './symbol-universe';
import { TickHistory, type TicksAfter } from './tick-history';

export type TickListener = (tick: Tick) => void;

export interface MarketEngineOptions {
  /** Stream epoch; by default a fresh random one, so a restarted market is never mistaken for the old one. */
  readonly epoch?: number;
  /** Clock for tick timestamps and scheduling. Default Date.now. */
  readonly now?: () => number;
}

const MS_PER_MINUTE = 60_000;
/** The highest price a tick can carry: the wire format accepts safe integers only. */
const MAX_CENTS = Number.MAX_SAFE_INTEGER;

const debug = createDebug('ticker:market');

function randomEpoch(): number {
  // Not the seeded source: two runs with one seed must still get different epochs.
  return 1 + Math.floor(Math.random() * 0x7fff_fffe);
}

/**
 * A simulated market: GBM price paths for each symbol, a tick every interval, a bounded history.
 * Prices are a pure function of the seed and the tick count; wall-clock jitter only moves timestamps.
 */
export class MarketEngine {
  readonly config: MarketConfig;
  readonly epoch: number;
  readonly symbols: readonly SymbolInfo[];
  readonly #history: TickHistory;
  readonly #random: RandomSource;
  readonly #now: () => number;
  readonly #exactPrices: number[];
  readonly #cents: number[];
  readonly #listeners = new Set<TickListener>();
  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #startedAt = 0;
  #scheduled = 0;

  constructor(config: MarketConfigInput = {}, options: MarketEngineOptions = {}) {
    this.config = parseMarketConfig(config);
    this.epoch = options.epoch ?? randomEpoch();
    this.#now = options.now ?? Date.now;
    this.#random = createRandomSource(this.config.seed);
    this.symbols = createSymbolUniverse(this.config.symbols, this.#random);
    this.#exactPrices = this.symbols.map((s) => s.openCents);
    this.#cents = this.symbols.map((s) => s.openCents);
    const capacity = Math.ceil((this.config.historySeconds * 1000) / this.config.tickIntervalMs);
    this.#history = new TickHistory(capacity);
  }

  get latestSeq(): number {
    return this.#seq;
  }

  /** Whether the timer is making ticks. */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  onTick(listener: TickListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Makes the next tick now, whatever the timer says. The timer uses it; so do tests and benchmarks. */
  step(): Tick {
    const dt = this.config.tickIntervalMs / MS_PER_MINUTE;
    const updates: PriceUpdate[] = [];
    for (let i = 0; i < this.symbols.length; i++) {
      const info = this.symbols[i]!;
      const next = gbmStep(this.#exactPrices[i]!, info.drift, info.volatility, dt, this.#random.normal());
      this.#exactPrices[i] = next;
      // A price is never shown at or below zero: one cent is the floor.
      const cents = Math.min(MAX_CENTS, Math.max(1, Math.round(next)));
      if (cents !== this.#cents[i]) {
        this.#cents[i] = cents;
        updates.push([i, cents]);
      }
    }
    this.#seq += 1;
    const tick: Tick = { epoch: this.epoch, seq: this.#seq, ts: this.#now(), updates };
    this.#history.push(tick);
    for (const listener of this.#listeners) {
      // A throwing listener must not stop the market, nor keep the tick from the listeners after it.
      try {
        listener(tick);
      } catch (error) {
        debug('tick listener failed on seq %d: %O', tick.seq, error);
      }
    }
    return tick;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#startedAt = this.#now();
    this.#scheduled = 0;
    this.#scheduleNext();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  // Ticks are scheduled against the start time rather than chained intervals, so they do not drift;
  // after a stall the engine resumes on the grid instead of bursting out the ticks it missed.
  #scheduleNext(): void {
    const interval = this.config.tickIntervalMs;
    const elapsed = this.#now() - this.#startedAt;
    this.#scheduled = Math.max(this.#scheduled + 1, Math.floor(elapsed / interval) + 1);
    const delay = Math.max(0, this.#startedAt + this.#scheduled * interval - this.#now());
    const timer = setTimeout(() => {
      try {
        this.step();
      } finally {
        // Unless a listener stopped the market, or stopped and restarted it on a timer of its own.
        if (this.#timer === timer) this.#scheduleNext();
      }
    }, delay);
    this.#timer = timer;
  }

  ticksAfter(since: number, limit: number): TicksAfter {
    return this.#history.after(since, limit);
  }

  history(): readonly Tick[] {
    return this.#history.all();
  }

  get oldestSeq(): number {
    return this.#history.oldestSeq;
  }

  get historyCapacity(): number {
    return this.#history.capacity;
  }

  snapshot(): MarketSnapshot {
    const latest = this.#history.at(this.#seq);
    return { epoch: this.epoch, seq: this.#seq, ts: latest?.ts ?? this.#now(), prices: [...this.#cents] };
  }
}
