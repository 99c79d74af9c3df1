import createDebug from 'debug';
import type { MarketSnapshot, PriceUpdate, Tick } from '../protocol/tick';
import { gbmStep } from './gbm';
import { parseMarketConfig, type MarketConfig, type MarketConfigInput } from './market-config';
import type { MarketState } from './market-state';
import { createRandomSource, restoreRandomSource, type RandomSource } from './random-source';
import { createSymbolUniverse, type SymbolInfo } from './symbol-universe';
import { TickHistory, type TicksAfter } from './tick-history';

/** Whether this engine made the tick on its own timer or step, or replayed one another process made. */
export type TickOrigin = 'made' | 'replayed';

export type TickListener = (tick: Tick, origin: TickOrigin) => void;

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

/** A price is never shown at or below zero: one cent is the floor. */
function toCents(exact: number): number {
  return Math.min(MAX_CENTS, Math.max(1, Math.round(exact)));
}

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
  readonly symbols: readonly SymbolInfo[];
  #epoch: number;
  #history: TickHistory;
  #random: RandomSource;
  readonly #now: () => number;
  #exactPrices: number[];
  readonly #cents: number[];
  readonly #listeners = new Set<TickListener>();
  #seq = 0;
  #latestTs = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #startedAt = 0;
  #scheduled = 0;

  constructor(config: MarketConfigInput = {}, options: MarketEngineOptions = {}) {
    this.config = parseMarketConfig(config);
    this.#epoch = options.epoch ?? randomEpoch();
    this.#now = options.now ?? Date.now;
    this.#random = createRandomSource(this.config.seed);
    this.symbols = createSymbolUniverse(this.config.symbols, this.#random);
    this.#exactPrices = this.symbols.map((s) => s.openCents);
    this.#cents = this.symbols.map((s) => s.openCents);
    this.#history = this.#emptyHistory();
  }

  get epoch(): number {
    return this.#epoch;
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
    const tick = this.#advance(this.#now());
    this.#publish(tick, 'made');
    return tick;
  }

  /**
   * Makes the tick another engine made from the same state, with that engine's timestamp, and checks it
   * is the same tick: prices are a pure function of the state, so any difference means the two engines had
   * drifted apart. Returns false then, and the caller must adopt a state it trusts before going on.
   */
  replay(tick: Tick): boolean {
    if (tick.epoch !== this.#epoch || tick.seq !== this.#seq + 1) return false;
    const own = this.#advance(tick.ts);
    const same =
      own.updates.length === tick.updates.length &&
      own.updates.every(([index, cents], i) => tick.updates[i]?.[0] === index && tick.updates[i]?.[1] === cents);
    if (same) this.#publish(own, 'replayed');
    return same;
  }

  /** Whether this engine runs the market `config` describes: the states it can adopt are that market's. */
  configuredAs(config: MarketConfig): boolean {
    return (Object.keys(this.config) as (keyof MarketConfig)[]).every((key) => config[key] === this.config[key]);
  }

  /** Where this engine stands, for another engine to carry on from (see adopt). */
  state(): MarketState {
    const random = this.#random.state();
    return {
      config: this.config,
      epoch: this.#epoch,
      seq: this.#seq,
      ts: this.#latestTs,
      exactPrices: [...this.#exactPrices],
      random: { generator: [...random.generator], spare: random.spare },
    };
  }

  /**
   * Carries on from `state`, made by an engine with the same configuration. The history is kept when the
   * state follows straight on from it (same epoch and sequence). Otherwise it starts again from `recent`
   * (ticks of the state's stream, in order) if they run without a hole up to the state's tick, and empty
   * if not: it must never hold ticks of another stream, nor a hole.
   */
  adopt(state: MarketState, recent: readonly Tick[] = []): void {
    if (!this.configuredAs(state.config)) {
      throw new RangeError('a market state can only be adopted by an engine with the same configuration');
    }
    if (state.epoch !== this.#epoch || state.seq !== this.#seq) {
      this.#history = this.#emptyHistory();
      let start = recent.length;
      while (start > 0 && recent[start - 1]?.epoch === state.epoch && recent[start - 1]?.seq === state.seq - (recent.length - start)) start--;
      if (start < recent.length) for (const tick of recent.slice(start)) this.#history.push(tick);
    }
    this.#epoch = state.epoch;
    this.#seq = state.seq;
    this.#latestTs = state.ts;
    this.#exactPrices = [...state.exactPrices];
    this.#exactPrices.forEach((price, i) => (this.#cents[i] = toCents(price)));
    this.#random = restoreRandomSource(state.random);
  }

  #emptyHistory(): TickHistory {
    return new TickHistory(Math.ceil((this.config.historySeconds * 1000) / this.config.tickIntervalMs));
  }

  #advance(ts: number): Tick {
    const dt = this.config.tickIntervalMs / MS_PER_MINUTE;
    const updates: PriceUpdate[] = [];
    for (let i = 0; i < this.symbols.length; i++) {
      const info = this.symbols[i]!;
      const next = gbmStep(this.#exactPrices[i]!, info.drift, info.volatility, dt, this.#random.normal());
      this.#exactPrices[i] = next;
      const cents = toCents(next);
      if (cents !== this.#cents[i]) {
        this.#cents[i] = cents;
        updates.push([i, cents]);
      }
    }
    this.#seq += 1;
    this.#latestTs = ts;
    const tick: Tick = { epoch: this.#epoch, seq: this.#seq, ts, updates };
    this.#history.push(tick);
    return tick;
  }

  #publish(tick: Tick, origin: TickOrigin): void {
    for (const listener of this.#listeners) {
      // A throwing listener must not stop the market, nor keep the tick from the listeners after it.
      try {
        listener(tick, origin);
      } catch (error) {
        debug('tick listener failed on seq %d: %O', tick.seq, error);
      }
    }
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
    return { epoch: this.#epoch, seq: this.#seq, ts: this.#seq === 0 ? this.#now() : this.#latestTs, prices: [...this.#cents] };
  }
}
