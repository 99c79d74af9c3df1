import { describe, expect, it } from 'vitest';
import { MarketEngine } from '../../../lib/market/market-engine';
import { sampleVariance, Z_TOLERANCE } from '../support/statistics';

const MS_PER_MINUTE = 60_000;
/** Symbols opening at $250 or more: a tick moves them several cents, so rounding to cents barely matters. */
const HIGH_PRICE_CENTS = 25_000;

interface Realized {
  readonly volatility: number;
  readonly logReturns: readonly number[];
  /** Mean of 1/(6·P²) over the path: the variance that rounding both ends of a return to whole cents adds. */
  readonly roundingVariance: number;
}

/** Runs a 500-symbol market for `ticks` ticks and returns the log returns of its high-priced symbols. */
function realizedPaths(tickIntervalMs: number, ticks: number): Realized[] {
  const engine = new MarketEngine({ symbols: 500, seed: 2_024, tickIntervalMs }, { epoch: 1, now: () => 0 });
  const paths = engine.symbols.map((s) => [s.openCents]);
  for (let t = 0; t < ticks; t++) {
    engine.step();
    engine.snapshot().prices.forEach((cents, i) => paths[i]!.push(cents));
  }
  return engine.symbols.flatMap((info, i) => {
    const path = paths[i]!;
    if (info.openCents < HIGH_PRICE_CENTS) return [];
    const logReturns = path.slice(1).map((cents, k) => Math.log(cents / path[k]!));
    const roundingVariance = path.reduce((sum, cents) => sum + 1 / (6 * cents * cents), 0) / path.length;
    return [{ volatility: info.volatility, logReturns, roundingVariance }];
  });
}

describe('MarketEngine price statistics', () => {
  // A wrong dt (seconds instead of minutes, or one per tick) would miss by a factor of 7.7 or more at every interval.
  it.each([100, 1_000, 60_000])('should move each high-priced symbol with its own volatility at a %i ms tick', (tickIntervalMs) => {
    const ticks = 2_000;
    const dt = tickIntervalMs / MS_PER_MINUTE;
    const symbols = realizedPaths(tickIntervalMs, ticks);
    // Enough symbols that a volatility given to the wrong symbol, or a wrong dt, cannot pass by luck.
    expect(symbols.length).toBeGreaterThan(50);

    let pooled = 0;
    for (const { volatility, logReturns, roundingVariance } of symbols) {
      const expected = volatility ** 2 * dt + roundingVariance;
      const ratio = sampleVariance(logReturns) / expected;
      // The sample variance of n normal returns has a relative standard error of √(2/(n−1)).
      expect(Math.abs(ratio - 1)).toBeLessThan(Z_TOLERANCE * Math.sqrt(2 / (logReturns.length - 1)));
      pooled += ratio;
    }
    pooled /= symbols.length;
    expect(Math.abs(pooled - 1)).toBeLessThan(Z_TOLERANCE * Math.sqrt(2 / (symbols.length * (ticks - 1))));
  });
});
