import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MarketEngine } from '../../../lib/market/market-engine';
import type * as RandomSourceModule from '../../../lib/market/random-source';
import type { Tick } from '../../../lib/protocol/tick';
import { decodeTick, encodeTick } from '../../../lib/protocol/tick-codec';

// The seeded source can never draw a shock beyond about ±8.6 (Box–Muller on 53-bit uniforms), so this file
// replaces its normals with a shock the test picks, to see what the engine does when GBM overflows or underflows.
const shock = vi.hoisted(() => ({ z: 0 }));

vi.mock('../../../lib/market/random-source', async (importOriginal) => {
  const original = await importOriginal<typeof RandomSourceModule>();
  return {
    ...original,
    createRandomSource(seed: number) {
      const real = original.createRandomSource(seed);
      return { uniform: () => real.uniform(), normal: () => shock.z };
    },
  };
});

const SYMBOLS = 20;

/** Steps the engine once per shock, returning the ticks. */
function stepWith(engine: MarketEngine, shocks: readonly number[]): Tick[] {
  return shocks.map((z) => {
    shock.z = z;
    return engine.step();
  });
}

function expectValidPrices(engine: MarketEngine, ticks: readonly Tick[]): void {
  for (const tick of ticks) {
    expect(decodeTick(JSON.parse(encodeTick(tick)))).toEqual(tick);
    for (const [, cents] of tick.updates) {
      expect(Number.isSafeInteger(cents)).toBe(true);
      expect(cents).toBeGreaterThanOrEqual(1);
    }
  }
  for (const cents of engine.snapshot().prices) {
    expect(Number.isSafeInteger(cents)).toBe(true);
    expect(cents).toBeGreaterThanOrEqual(1);
  }
}

describe('MarketEngine under extreme shocks', () => {
  let engine: MarketEngine;

  beforeEach(() => {
    shock.z = 0;
    // A one-minute tick makes σ·√dt as large as the configuration allows.
    engine = new MarketEngine({ symbols: SYMBOLS, tickIntervalMs: 60_000 });
  });

  it('should floor every price at one cent when a crash would take it to zero', () => {
    const ticks = stepWith(engine, [-1e6, -1e6]);
    expectValidPrices(engine, ticks);
    expect(engine.snapshot().prices).toEqual(new Array<number>(SYMBOLS).fill(1));
  });

  it('should keep prices finite integer cents when a rally would overflow', () => {
    const ticks = stepWith(engine, [1e6, 1e6, 1e6]);
    expectValidPrices(engine, ticks);
    for (const [index, cents] of ticks[0]!.updates) expect(cents).toBeGreaterThan(engine.symbols[index]!.openCents);
  });

  it('should keep prices valid when crashes and rallies alternate', () => {
    const ticks = stepWith(
      engine,
      Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 1e6 : -1e6)),
    );
    expectValidPrices(engine, ticks);
  });

  it('should let a price recover from the floor', () => {
    stepWith(engine, [-1e6, -1e6]);
    const ticks = stepWith(engine, new Array<number>(10).fill(1e6));
    expectValidPrices(engine, ticks);
    for (const cents of engine.snapshot().prices) expect(cents).toBeGreaterThan(1);
  });

  it('should keep prices valid over many moderately extreme shocks', () => {
    const ticks = stepWith(
      engine,
      Array.from({ length: 500 }, (_, i) => 200 * Math.sin(i * 1.3)),
    );
    expectValidPrices(engine, ticks);
  });
});
