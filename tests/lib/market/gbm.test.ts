import { describe, expect, it } from 'vitest';
import { gbmStep } from '../../../lib/market/gbm';
import { createRandomSource } from '../../../lib/market/random-source';
import { mean, sampleVariance, Z_TOLERANCE } from '../support/statistics';

describe('gbmStep', () => {
  it('should apply only the Itô-corrected drift when the shock is zero', () => {
    const [price, drift, volatility, dt] = [250, 0.3, 0.4, 0.5];
    const logReturn = Math.log(gbmStep(price, drift, volatility, dt, 0) / price);
    expect(logReturn).toBeCloseTo((drift - volatility ** 2 / 2) * dt, 12);
  });

  it('should scale the shock by σ·√dt', () => {
    const [price, volatility, dt] = [100, 0.2, 0.25];
    const up = Math.log(gbmStep(price, 0, volatility, dt, 1) / price);
    const flat = Math.log(gbmStep(price, 0, volatility, dt, 0) / price);
    expect(up - flat).toBeCloseTo(volatility * Math.sqrt(dt), 12);
  });

  it('should leave the price unchanged over a zero time step', () => {
    expect(gbmStep(4321, 0.5, 0.9, 0, 3)).toBe(4321);
  });

  it('should be proportional to the price', () => {
    const one = gbmStep(100, 0.01, 0.2, 0.1, -0.7);
    expect(gbmStep(300, 0.01, 0.2, 0.1, -0.7)).toBeCloseTo(3 * one, 10);
  });

  it('should increase with the shock', () => {
    const shocks = [-3, -1, -0.1, 0, 0.1, 1, 3];
    const prices = shocks.map((z) => gbmStep(100, 0, 0.3, 1, z));
    for (let i = 1; i < prices.length; i++) expect(prices[i]).toBeGreaterThan(prices[i - 1]!);
  });

  it.each([-1e6, -1e4, -1000, -40, 40, 1000, 1e4, 1e6])('should stay positive and finite for an extreme shock z = %d', (z) => {
    for (const volatility of [0.01, 1, 50]) {
      const next = gbmStep(100, 0, volatility, 1, z);
      expect(next).toBeGreaterThan(0);
      expect(Number.isFinite(next)).toBe(true);
    }
  });

  it('should give log returns with mean (μ − σ²/2)·dt and variance σ²·dt for normal shocks', () => {
    // Parameters where the Itô correction is large next to the standard error, so dropping it would fail.
    const [drift, volatility, dt] = [0.3, 0.5, 0.2];
    const random = createRandomSource(20_240_611);
    const n = 100_000;
    // One step from the same price each time: a path would drift beyond what a double can hold.
    const price = 10_000;
    const logReturns = Array.from({ length: n }, () => Math.log(gbmStep(price, drift, volatility, dt, random.normal()) / price));

    const expectedMean = (drift - volatility ** 2 / 2) * dt;
    const expectedVariance = volatility ** 2 * dt;
    // Standard errors of a normal sample's mean and variance.
    const meanError = Math.sqrt(expectedVariance / n);
    const varianceError = expectedVariance * Math.sqrt(2 / (n - 1));
    expect(Math.abs(mean(logReturns) - expectedMean)).toBeLessThan(Z_TOLERANCE * meanError);
    expect(Math.abs(sampleVariance(logReturns) - expectedVariance)).toBeLessThan(Z_TOLERANCE * varianceError);
    // The drift term is what the test is about: without −σ²/2 the mean would be many errors away.
    expect(Math.abs(drift * dt - expectedMean)).toBeGreaterThan(4 * Z_TOLERANCE * meanError);
  });
});
