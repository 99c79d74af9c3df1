import { z } from 'zod';
import { marketConfigSchema } from './market-config';

/**
 * Everything a market needs to make its next tick exactly as it would have: the configuration, where the
 * stream stands, every symbol's unrounded price and the random source's state. A process that takes over
 * the market from another carries on from this, so the prices and sequence run on as if nothing happened.
 */
export const marketStateSchema = z
  .strictObject({
    config: marketConfigSchema.required(),
    epoch: z.number().int().positive().max(0x7fff_ffff),
    seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    /** When the latest tick was made, ms since the Unix epoch (0 before the first). */
    ts: z.number().int().nonnegative(),
    exactPrices: z.array(z.number().nonnegative()),
    random: z.strictObject({
      generator: z.array(z.number().int()).min(1),
      spare: z.number().nullable(),
    }),
  })
  .refine((state) => state.exactPrices.length === state.config.symbols, 'a market state has one price per symbol');

export type MarketState = z.output<typeof marketStateSchema>;
