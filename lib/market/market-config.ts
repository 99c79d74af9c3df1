import { z } from 'zod';

/** Limits a market can be configured within; the server's CLI and env parsing enforce the same ones. */
export const MARKET_LIMITS = {
  symbols: { min: 1, max: 500 },
  tickIntervalMs: { min: 10, max: 60_000 },
  historySeconds: { min: 60, max: 3_600 },
} as const;

export const marketConfigSchema = z.object({
  /** How many symbols trade. Default 20. */
  symbols: z.number().int().min(MARKET_LIMITS.symbols.min).max(MARKET_LIMITS.symbols.max).default(20),
  /** Milliseconds between ticks. Default 100. */
  tickIntervalMs: z.number().int().min(MARKET_LIMITS.tickIntervalMs.min).max(MARKET_LIMITS.tickIntervalMs.max).default(100),
  /** Seed for the price paths: the same seed gives the same market. Default 1. */
  seed: z.number().int().min(0).max(0xffff_ffff).default(1),
  /** How much history is kept for pollers and for charts of a freshly opened page. Default 120 s. */
  historySeconds: z.number().int().min(MARKET_LIMITS.historySeconds.min).max(MARKET_LIMITS.historySeconds.max).default(120),
});

export type MarketConfig = z.output<typeof marketConfigSchema>;
export type MarketConfigInput = z.input<typeof marketConfigSchema>;

export function parseMarketConfig(input: MarketConfigInput = {}): MarketConfig {
  return marketConfigSchema.parse(input);
}
