import { describe, expect, it, vi } from 'vitest';
import { ZodError } from 'zod';
import { MarketEngine } from '../../../lib/market/market-engine';
import type { Tick } from '../../../lib/protocol/tick';

function stepMany(engine: MarketEngine, count: number): Tick[] {
  return Array.from({ length: count }, () => engine.step());
}

describe('MarketEngine', () => {
  describe('determinism', () => {
    it('should make identical updates for two engines with the same seed, whatever their clocks', () => {
      const a = new MarketEngine({ symbols: 50, seed: 7 }, { now: () => 1_000 });
      const b = new MarketEngine({ symbols: 50, seed: 7 }, { now: () => 987_654 });
      expect(b.symbols).toEqual(a.symbols);
      const updatesA = stepMany(a, 300).map((t) => t.updates);
      const updatesB = stepMany(b, 300).map((t) => t.updates);
      expect(updatesA.flat().length).toBeGreaterThan(300);
      expect(updatesB).toEqual(updatesA);
      expect(b.snapshot().prices).toEqual(a.snapshot().prices);
    });

    it('should make different markets for different seeds', () => {
      const a = new MarketEngine({ symbols: 50, seed: 7 });
      const b = new MarketEngine({ symbols: 50, seed: 8 });
      expect(b.symbols.map((s) => s.openCents)).not.toEqual(a.symbols.map((s) => s.openCents));
      expect(stepMany(b, 50).map((t) => t.updates)).not.toEqual(stepMany(a, 50).map((t) => t.updates));
    });
  });

  describe('sequence numbers', () => {
    it('should start at 1 and increase by exactly one per tick', () => {
      const engine = new MarketEngine({ symbols: 3 });
      expect(engine.latestSeq).toBe(0);
      const ticks = stepMany(engine, 250);
      ticks.forEach((tick, i) => expect(tick.seq).toBe(i + 1));
      expect(engine.latestSeq).toBe(250);
      expect(engine.snapshot().seq).toBe(250);
    });
  });

  describe('epoch', () => {
    it('should stamp every tick and snapshot with an injected epoch', () => {
      const engine = new MarketEngine({ symbols: 3 }, { epoch: 424_242 });
      expect(engine.epoch).toBe(424_242);
      expect(stepMany(engine, 20).every((t) => t.epoch === 424_242)).toBe(true);
      expect(engine.snapshot().epoch).toBe(424_242);
    });

    it('should stamp all ticks of one engine with the same epoch', () => {
      const engine = new MarketEngine({ symbols: 3 });
      expect(new Set(stepMany(engine, 20).map((t) => t.epoch))).toEqual(new Set([engine.epoch]));
    });

    it('should give each engine its own positive integer epoch, even with the same seed', () => {
      const epochs = Array.from({ length: 20 }, () => new MarketEngine({ symbols: 1, seed: 5 }).epoch);
      expect(new Set(epochs).size).toBe(epochs.length);
      for (const epoch of epochs) {
        expect(Number.isSafeInteger(epoch)).toBe(true);
        expect(epoch).toBeGreaterThan(0);
      }
    });
  });

  describe('prices', () => {
    it('should report prices as positive integer cents for valid symbol indices', () => {
      const engine = new MarketEngine({ symbols: 100, seed: 11 });
      const invalid: unknown[] = [];
      let updates = 0;
      for (const tick of stepMany(engine, 2_000)) {
        const indices = tick.updates.map(([index]) => index);
        if (new Set(indices).size !== indices.length) invalid.push({ duplicateIndex: tick.seq });
        for (const [index, cents] of tick.updates) {
          updates++;
          const validIndex = Number.isInteger(index) && index >= 0 && index < 100;
          if (!validIndex || !Number.isSafeInteger(cents) || cents < 1) invalid.push({ seq: tick.seq, index, cents });
        }
      }
      expect(invalid).toEqual([]);
      expect(updates).toBeGreaterThan(2_000);
    });

    it('should list exactly the symbols whose price in cents changed', () => {
      const engine = new MarketEngine({ symbols: 40, seed: 3 });
      const prices = engine.symbols.map((s) => s.openCents);
      let unchanged = 0;
      for (let t = 0; t < 500; t++) {
        const tick = engine.step();
        const snapshot = engine.snapshot().prices;
        for (const [index, cents] of tick.updates) expect(cents).not.toBe(prices[index]);
        for (const [index, cents] of tick.updates) prices[index] = cents;
        expect(prices).toEqual(snapshot);
        unchanged += 40 - tick.updates.length;
      }
      // Cheap, calm symbols often stay on the same cent: the test saw both kinds of symbol.
      expect(unchanged).toBeGreaterThan(0);
    });
  });

  describe('snapshot', () => {
    it("should hold every symbol's open price and the clock's time before the first tick", () => {
      const engine = new MarketEngine({ symbols: 5 }, { epoch: 3, now: () => 12_345 });
      expect(engine.snapshot()).toEqual({
        epoch: 3,
        seq: 0,
        ts: 12_345,
        prices: engine.symbols.map((s) => s.openCents),
      });
    });

    it('should carry the time of the latest tick', () => {
      let clock = 1_000;
      const engine = new MarketEngine({ symbols: 5 }, { now: () => clock });
      stepMany(engine, 3);
      const latest = engine.step();
      clock = 99_999;
      expect(engine.snapshot().ts).toBe(latest.ts);
    });

    it('should not let a caller change the market through a snapshot', () => {
      const engine = new MarketEngine({ symbols: 5 });
      const prices = engine.snapshot().prices as number[];
      prices[0] = -1;
      expect(engine.snapshot().prices[0]).toBe(engine.symbols[0]!.openCents);
    });
  });

  describe('history', () => {
    it.each([
      [60, 70],
      [120, 100],
      [3_600, 10],
      [60, 60_000],
      [61, 7_000],
    ])('should hold %i s of ticks at a %i ms interval, rounded up', (historySeconds, tickIntervalMs) => {
      const engine = new MarketEngine({ symbols: 1, historySeconds, tickIntervalMs });
      expect(engine.historyCapacity).toBe(Math.ceil((historySeconds * 1_000) / tickIntervalMs));
    });

    it('should drop the oldest ticks once full', () => {
      const engine = new MarketEngine({ symbols: 2, historySeconds: 60, tickIntervalMs: 70 });
      const capacity = engine.historyCapacity;
      const ticks = stepMany(engine, capacity + 25);
      const history = engine.history();
      expect(history).toHaveLength(capacity);
      expect(engine.oldestSeq).toBe(26);
      expect(history[0]).toBe(ticks[25]);
      expect(history.at(-1)).toBe(ticks.at(-1));
    });

    it('should report a gap when asked for ticks older than the history', () => {
      const engine = new MarketEngine({ symbols: 2, historySeconds: 60, tickIntervalMs: 1_000 });
      stepMany(engine, engine.historyCapacity + 10);
      const oldest = engine.oldestSeq;
      expect(engine.ticksAfter(oldest - 2, 1_000)).toMatchObject({ gap: true, more: false });
      expect(engine.ticksAfter(oldest - 2, 1_000).ticks[0]?.seq).toBe(oldest);
      expect(engine.ticksAfter(oldest - 1, 1_000).gap).toBe(false);
    });

    it('should say there is more when the limit cuts the answer short', () => {
      const engine = new MarketEngine({ symbols: 2 });
      stepMany(engine, 30);
      const page = engine.ticksAfter(5, 10);
      expect(page.ticks.map((t) => t.seq)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
      expect(page).toMatchObject({ gap: false, more: true });
      expect(engine.ticksAfter(20, 10).more).toBe(false);
    });
  });

  describe('listeners', () => {
    it('should hand each tick to every listener, in order, until it unsubscribes', () => {
      const engine = new MarketEngine({ symbols: 3 });
      const seen: Tick[] = [];
      const unsubscribe = engine.onTick((tick) => seen.push(tick));
      const ticks = stepMany(engine, 3);
      unsubscribe();
      engine.step();
      expect(seen).toEqual(ticks);
      expect(seen[0]).toBe(ticks[0]);
    });

    it('should keep notifying the other listeners when one throws', () => {
      const engine = new MarketEngine({ symbols: 3 });
      const before = vi.fn();
      const after = vi.fn();
      engine.onTick(before);
      engine.onTick(() => {
        throw new Error('listener failed');
      });
      engine.onTick(after);
      expect(() => stepMany(engine, 3)).not.toThrow();
      expect(before).toHaveBeenCalledTimes(3);
      expect(after).toHaveBeenCalledTimes(3);
      expect(engine.history()).toHaveLength(3);
    });
  });

  describe('configuration', () => {
    it.each([
      [{ symbols: 0 }, 'symbols'],
      [{ symbols: 501 }, 'symbols'],
      [{ tickIntervalMs: 9 }, 'tickIntervalMs'],
      [{ historySeconds: 3_601 }, 'historySeconds'],
      [{ seed: -1 }, 'seed'],
    ])('should refuse %o with an error naming %s', (config, field) => {
      expect(() => new MarketEngine(config)).toThrow(ZodError);
      expect(() => new MarketEngine(config)).toThrow(field);
    });

    it('should trade from 1 up to 500 symbols with unique tickers', () => {
      expect(new MarketEngine({ symbols: 1 }).symbols).toHaveLength(1);
      const engine = new MarketEngine({ symbols: 500 });
      expect(new Set(engine.symbols.map((s) => s.symbol)).size).toBe(500);
      expect(engine.step().updates.length).toBeGreaterThan(0);
    });
  });
});
