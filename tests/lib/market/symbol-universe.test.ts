import { describe, expect, it } from 'vitest';
import { MARKET_LIMITS } from '../../../lib/market/market-config';
import { createRandomSource } from '../../../lib/market/random-source';
import { createSymbolUniverse } from '../../../lib/market/symbol-universe';
import { mean, Z_TOLERANCE } from '../support/statistics';

const MAX_SYMBOLS = MARKET_LIMITS.symbols.max;
/** Where an open price sits on the log scale from $10 (0) to $500 (1). */
const logPosition = (cents: number) => Math.log(cents / 1_000) / Math.log(50);

describe('createSymbolUniverse', () => {
  const universe = createSymbolUniverse(MAX_SYMBOLS, createRandomSource(1));

  it('should create exactly the requested number of symbols', () => {
    for (const count of [1, 20, 21, 47, MAX_SYMBOLS]) {
      expect(createSymbolUniverse(count, createRandomSource(3))).toHaveLength(count);
    }
  });

  it('should give every one of the maximum number of symbols a unique ticker', () => {
    expect(new Set(universe.map((s) => s.symbol)).size).toBe(MAX_SYMBOLS);
  });

  it('should keep tickers short upper-case words and names non-empty', () => {
    for (const { symbol, name } of universe) {
      expect(symbol).toMatch(/^[A-Z]{1,4}$/);
      expect(name.trim()).not.toBe('');
    }
    expect(new Set(universe.map((s) => s.name)).size).toBe(MAX_SYMBOLS);
  });

  it('should give the same tickers and names whatever the seed', () => {
    const other = createSymbolUniverse(MAX_SYMBOLS, createRandomSource(987_654));
    expect(other.map((s) => [s.symbol, s.name])).toEqual(universe.map((s) => [s.symbol, s.name]));
  });

  it('should start with the same tickers when the market grows', () => {
    const small = createSymbolUniverse(30, createRandomSource(1));
    expect(universe.slice(0, 30).map((s) => s.symbol)).toEqual(small.map((s) => s.symbol));
  });

  it('should open every symbol at whole cents between $10 and $500', () => {
    for (const { openCents } of universe) {
      expect(Number.isInteger(openCents)).toBe(true);
      expect(openCents).toBeGreaterThanOrEqual(1_000);
      expect(openCents).toBeLessThanOrEqual(50_000);
    }
  });

  it('should spread open prices evenly on a log scale', () => {
    const positions = universe.map((s) => logPosition(s.openCents));
    expect(Math.abs(mean(positions) - 1 / 2)).toBeLessThan(Z_TOLERANCE * Math.sqrt(1 / 12 / positions.length));
    // A log-uniform price has as many symbols below √(10·500) ≈ $70.71 as above it.
    const below = positions.filter((p) => p < 0.5).length / positions.length;
    expect(Math.abs(below - 0.5)).toBeLessThan(Z_TOLERANCE * Math.sqrt(0.25 / positions.length));
  });

  it('should keep drift within ±0.001 and volatility within 0.003–0.015 per minute', () => {
    for (const { drift, volatility } of universe) {
      expect(Math.abs(drift)).toBeLessThanOrEqual(0.001);
      expect(volatility).toBeGreaterThanOrEqual(0.003);
      expect(volatility).toBeLessThanOrEqual(0.015);
    }
  });

  it('should make the same universe for the same seed and a different one for another seed', () => {
    expect(createSymbolUniverse(100, createRandomSource(8))).toEqual(createSymbolUniverse(100, createRandomSource(8)));
    const a = createSymbolUniverse(100, createRandomSource(8)).map((s) => s.openCents);
    const b = createSymbolUniverse(100, createRandomSource(9)).map((s) => s.openCents);
    expect(b).not.toEqual(a);
  });

  it('should open the first symbol at unrelated prices for consecutive seeds', () => {
    const seeds = Array.from({ length: 300 }, (_, i) => i + 1);
    const positions = seeds.map((seed) => logPosition(createSymbolUniverse(1, createRandomSource(seed))[0]!.openCents));
    expect(Math.abs(mean(positions) - 1 / 2)).toBeLessThan(Z_TOLERANCE * Math.sqrt(1 / 12 / positions.length));
    expect(new Set(positions).size).toBeGreaterThan(seeds.length * 0.9);
  });
});
