import { z } from 'zod';
import { snapshotSchema } from './tick-codec';

/** GET: the market a page draws from at start (see MarketInfo). */
export const MARKET_PATH = '/api/market';

/** What a page needs once to draw everything at once: the symbols, the current prices and the recent history. */
export const marketInfoSchema = z.object({
  epoch: z.number().int(),
  tickIntervalMs: z.number().int().positive(),
  historyCapacity: z.number().int().positive(),
  symbols: z.array(
    z.object({
      symbol: z.string(),
      name: z.string(),
      openCents: z.number().int().positive(),
    }),
  ),
  snapshot: snapshotSchema,
  /** Wire ticks, oldest first. */
  history: z.array(z.unknown()),
});

export type MarketInfo = z.infer<typeof marketInfoSchema>;
export type SymbolListing = MarketInfo['symbols'][number];
