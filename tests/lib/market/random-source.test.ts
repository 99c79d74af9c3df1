import { describe, expect, it } from 'vitest';
import { createRandomSource, restoreRandomSource, type RandomSource, type RandomSourceState } from '../../../lib/market/random-source';
import { correlation, mean, sampleVariance, standardizedMoment, Z_TOLERANCE } from '../support/statistics';

function draw(source: RandomSource, kind: 'uniform' | 'normal', count: number): number[] {
  return Array.from({ length: count }, () => source[kind]());
}

/** Standard error of a sample proportion of size `n` whose true value is `p`. */
function proportionError(p: number, n: number): number {
  return Math.sqrt((p * (1 - p)) / n);
}

describe('createRandomSource', () => {
  describe('determinism', () => {
    it('should yield the same interleaved sequence for the same seed', () => {
      const a = createRandomSource(99);
      const b = createRandomSource(99);
      const take = (source: RandomSource) => Array.from({ length: 500 }, (_, i) => (i % 3 === 0 ? source.uniform() : source.normal()));
      expect(take(b)).toEqual(take(a));
    });

    it('should yield different sequences for different seeds', () => {
      expect(draw(createRandomSource(2), 'uniform', 20)).not.toEqual(draw(createRandomSource(1), 'uniform', 20));
      expect(draw(createRandomSource(2), 'normal', 20)).not.toEqual(draw(createRandomSource(1), 'normal', 20));
    });

    it('should keep the spare normal of a pair across uniform draws', () => {
      const plain = createRandomSource(5);
      const interleaved = createRandomSource(5);
      const [first, second] = [plain.normal(), plain.normal()];
      expect(interleaved.normal()).toBe(first);
      interleaved.uniform();
      expect(interleaved.normal()).toBe(second);
    });
  });

  describe('uniform', () => {
    const n = 200_000;
    const values = draw(createRandomSource(31_337), 'uniform', n);

    it('should stay within [0, 1)', () => {
      expect(values.every((u) => u >= 0 && u < 1)).toBe(true);
    });

    it('should have mean 1/2 and variance 1/12', () => {
      expect(Math.abs(mean(values) - 1 / 2)).toBeLessThan(Z_TOLERANCE * Math.sqrt(1 / 12 / n));
      // Var of the sample variance of U(0,1) is (μ4 − σ⁴)/n with μ4 = 1/80 and σ⁴ = 1/144.
      const varianceError = Math.sqrt((1 / 80 - 1 / 144) / n);
      expect(Math.abs(sampleVariance(values) - 1 / 12)).toBeLessThan(Z_TOLERANCE * varianceError);
    });

    it('should fill ten equal bins evenly', () => {
      const bins = new Array<number>(10).fill(0);
      for (const u of values) bins[Math.floor(u * 10)]! += 1;
      for (const count of bins) {
        expect(Math.abs(count / n - 0.1)).toBeLessThan(Z_TOLERANCE * proportionError(0.1, n));
      }
    });
  });

  describe('normal', () => {
    const n = 200_000;
    const values = draw(createRandomSource(4_242), 'normal', n);

    it('should always be finite', () => {
      expect(values.every(Number.isFinite)).toBe(true);
    });

    it('should have mean 0, variance 1, no skew and kurtosis 3', () => {
      expect(Math.abs(mean(values))).toBeLessThan(Z_TOLERANCE * Math.sqrt(1 / n));
      expect(Math.abs(sampleVariance(values) - 1)).toBeLessThan(Z_TOLERANCE * Math.sqrt(2 / (n - 1)));
      expect(Math.abs(standardizedMoment(values, 3))).toBeLessThan(Z_TOLERANCE * Math.sqrt(6 / n));
      expect(Math.abs(standardizedMoment(values, 4) - 3)).toBeLessThan(Z_TOLERANCE * Math.sqrt(24 / n));
    });

    it.each([
      [1, 0.682_689_492],
      [1.959_963_985, 0.95],
      [3, 0.997_300_204],
    ])('should put the right share of draws within ±%d', (bound, share) => {
      const inside = values.filter((z) => Math.abs(z) < bound).length / n;
      expect(Math.abs(inside - share)).toBeLessThan(Z_TOLERANCE * proportionError(share, n));
    });

    it('should not correlate consecutive draws, including the two of a Box–Muller pair', () => {
      const limit = Z_TOLERANCE / Math.sqrt(n / 2);
      const evens = values.filter((_, i) => i % 2 === 0);
      const odds = values.filter((_, i) => i % 2 === 1);
      expect(Math.abs(correlation(evens, odds))).toBeLessThan(limit);
      expect(Math.abs(correlation(values.slice(1, -1), values.slice(2)))).toBeLessThan(Z_TOLERANCE / Math.sqrt(n));
      // Squares catch the dependence a plain correlation misses (e.g. a shared radius).
      const square = (z: number) => z * z;
      expect(Math.abs(correlation(evens.map(square), odds.map(square)))).toBeLessThan(limit);
    });
  });

  describe('seeding', () => {
    // A market is made from a seed a person picks: 1, 2, 42. Nearby seeds must still give unrelated markets.
    const seeds = Array.from({ length: 2_000 }, (_, i) => i);
    const firstDraws = [0, 1, 2, 3].map((k) =>
      seeds.map((seed) => {
        const source = createRandomSource(seed);
        for (let i = 0; i < k; i++) source.uniform();
        return source.uniform();
      }),
    );

    it.each([0, 1, 2, 3])('should make draw %i uniform across consecutive seeds', (k) => {
      const draws = firstDraws[k]!;
      const n = draws.length;
      expect(Math.abs(mean(draws) - 1 / 2)).toBeLessThan(Z_TOLERANCE * Math.sqrt(1 / 12 / n));
      const varianceError = Math.sqrt((1 / 80 - 1 / 144) / n);
      expect(Math.abs(sampleVariance(draws) - 1 / 12)).toBeLessThan(Z_TOLERANCE * varianceError);
    });

    it.each([0, 1, 2, 3])('should not relate draw %i of a seed to the same draw of the next seed', (k) => {
      const draws = firstDraws[k]!;
      const limit = Z_TOLERANCE / Math.sqrt(draws.length);
      expect(Math.abs(correlation(draws.slice(0, -1), draws.slice(1)))).toBeLessThan(limit);
    });

    it('should accept the whole 32-bit seed range', () => {
      for (const seed of [0, 1, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff]) {
        const u = createRandomSource(seed).uniform();
        expect(u >= 0 && u < 1).toBe(true);
      }
      expect(createRandomSource(0xffff_ffff).uniform()).not.toBe(createRandomSource(0x7fff_ffff).uniform());
    });
  });
});

describe('restoreRandomSource', () => {
  it('should draw exactly what the saved source draws next, including a spare normal', () => {
    const original = createRandomSource(42);
    draw(original, 'uniform', 100);
    original.normal(); // leaves the second normal of the pair spare
    const restored = restoreRandomSource(JSON.parse(JSON.stringify(original.state())) as RandomSourceState);
    const take = (source: RandomSource) => Array.from({ length: 300 }, (_, i) => (i % 4 === 0 ? source.uniform() : source.normal()));
    expect(take(restored)).toEqual(take(original));
  });
});
