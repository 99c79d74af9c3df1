import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { MARKET_LIMITS, parseMarketConfig, type MarketConfigInput } from '../../../lib/market/market-config';

type LimitedField = keyof typeof MARKET_LIMITS;
const LIMITED_FIELDS = Object.keys(MARKET_LIMITS) as LimitedField[];

/** The error parseMarketConfig throws for `input`; fails the test if it does not throw a ZodError. */
function parseError(input: MarketConfigInput): ZodError {
  try {
    parseMarketConfig(input);
  } catch (error) {
    if (error instanceof ZodError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe('parseMarketConfig', () => {
  it('should fill in the documented defaults', () => {
    expect(parseMarketConfig()).toEqual({ symbols: 20, tickIntervalMs: 100, seed: 1, historySeconds: 120 });
    expect(parseMarketConfig({})).toEqual(parseMarketConfig());
  });

  it('should keep the values it is given', () => {
    const input = { symbols: 7, tickIntervalMs: 250, seed: 12_345, historySeconds: 600 };
    expect(parseMarketConfig(input)).toEqual(input);
  });

  it('should keep the defaults within the limits', () => {
    const defaults = parseMarketConfig();
    for (const field of LIMITED_FIELDS) {
      expect(defaults[field]).toBeGreaterThanOrEqual(MARKET_LIMITS[field].min);
      expect(defaults[field]).toBeLessThanOrEqual(MARKET_LIMITS[field].max);
    }
  });

  it.each(LIMITED_FIELDS)('should accept %s at both ends of its range', (field) => {
    const { min, max } = MARKET_LIMITS[field];
    expect(parseMarketConfig({ [field]: min })[field]).toBe(min);
    expect(parseMarketConfig({ [field]: max })[field]).toBe(max);
  });

  it.each(LIMITED_FIELDS)('should reject %s just below its minimum, naming the field and the bound', (field) => {
    const { min } = MARKET_LIMITS[field];
    const issue = parseError({ [field]: min - 1 }).issues[0];
    expect(issue).toMatchObject({ path: [field], code: 'too_small', minimum: min });
    expect(issue?.message).toContain(String(min));
  });

  it.each(LIMITED_FIELDS)('should reject %s just above its maximum, naming the field and the bound', (field) => {
    const { max } = MARKET_LIMITS[field];
    const issue = parseError({ [field]: max + 1 }).issues[0];
    expect(issue).toMatchObject({ path: [field], code: 'too_big', maximum: max });
    expect(issue?.message).toContain(String(max));
  });

  it('should allow from 1 to 500 symbols', () => {
    expect(MARKET_LIMITS.symbols).toEqual({ min: 1, max: 500 });
    expect(() => parseMarketConfig({ symbols: 0 })).toThrow(ZodError);
    expect(() => parseMarketConfig({ symbols: 501 })).toThrow(ZodError);
  });

  it.each(['symbols', 'tickIntervalMs', 'seed', 'historySeconds'] as const)('should reject a fractional or non-finite %s', (field) => {
    for (const value of [1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(parseError({ [field]: value }).issues[0]?.path).toEqual([field]);
    }
  });

  it('should accept any 32-bit unsigned seed and nothing outside it', () => {
    expect(parseMarketConfig({ seed: 0 }).seed).toBe(0);
    expect(parseMarketConfig({ seed: 0xffff_ffff }).seed).toBe(0xffff_ffff);
    expect(parseError({ seed: -1 }).issues[0]?.path).toEqual(['seed']);
    expect(parseError({ seed: 0x1_0000_0000 }).issues[0]?.path).toEqual(['seed']);
  });

  it('should report every invalid field at once', () => {
    const paths = parseError({ symbols: 0, tickIntervalMs: 1, historySeconds: 1 }).issues.map((i) => i.path[0]);
    expect(paths.sort()).toEqual(['historySeconds', 'symbols', 'tickIntervalMs']);
  });

  it('should reject a value of the wrong type', () => {
    const input = { symbols: '20' } as unknown as MarketConfigInput;
    expect(parseError(input).issues[0]).toMatchObject({ path: ['symbols'], code: 'invalid_type' });
  });
});
