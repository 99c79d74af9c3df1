import { z } from 'zod';
import type { MarketSnapshot, PriceUpdate, Tick } from './tick';

/**
 * The one wire form of a tick, shared by Socket.IO and polling so that the meter compares transports,
 * not encodings: a flat JSON array `[epoch, seq, ts, index, cents, index, cents, …]`.
 */
export type WireTick = number[];

const HEADER_LENGTH = 3;

const wireTickSchema = z
  .array(z.number().int().nonnegative())
  .min(HEADER_LENGTH)
  .refine((values) => (values.length - HEADER_LENGTH) % 2 === 0, 'a tick has index/cents pairs after its header');

export function toWireTick(tick: Tick): WireTick {
  const wire: WireTick = [tick.epoch, tick.seq, tick.ts];
  for (const [index, cents] of tick.updates) wire.push(index, cents);
  return wire;
}

export function encodeTick(tick: Tick): string {
  return JSON.stringify(toWireTick(tick));
}

/** Validates and decodes a wire tick; throws a ZodError naming the problem when it is malformed. */
export function decodeTick(value: unknown): Tick {
  const wire = wireTickSchema.parse(value);
  const updates: PriceUpdate[] = [];
  for (let i = HEADER_LENGTH; i < wire.length; i += 2) updates.push([wire[i]!, wire[i + 1]!]);
  return { epoch: wire[0]!, seq: wire[1]!, ts: wire[2]!, updates };
}

export const snapshotSchema = z.object({
  epoch: z.number().int(),
  seq: z.number().int().nonnegative(),
  ts: z.number(),
  prices: z.array(z.number().int().positive()),
}) satisfies z.ZodType<MarketSnapshot>;
