import { z } from 'zod';
import type { MarketSnapshot, PriceUpdate, Tick } from './tick';

/**
 * The one wire form of a tick, shared by Socket.IO and polling so that the meter compares transports,
 * not encodings: a flat JSON array `[epoch, seq, ts, skip, cents, skip, cents, …]`. Each update names its
 * symbol by how many symbols it skips after the previous update's (the first counts from index 0), not
 * by its index: most ticks move most symbols, so a skip is almost always the one digit `0`, where an
 * index takes two digits past symbol 9. Every tick still stands alone (prices are absolute), so any
 * tick can be decoded without the ones before it.
 */
export type WireTick = number[];

const HEADER_LENGTH = 3;

const wireTickSchema = z
  .array(z.number().int().nonnegative())
  .min(HEADER_LENGTH)
  .refine((values) => (values.length - HEADER_LENGTH) % 2 === 0, 'a tick has skip/cents pairs after its header');

export function toWireTick(tick: Tick): WireTick {
  const wire: WireTick = [tick.epoch, tick.seq, tick.ts];
  let next = 0;
  for (const [index, cents] of tick.updates) {
    if (index < next) throw new RangeError(`tick ${tick.seq}: update for symbol ${index} is out of order`);
    wire.push(index - next, cents);
    next = index + 1;
  }
  return wire;
}

export function encodeTick(tick: Tick): string {
  return JSON.stringify(toWireTick(tick));
}

/** Validates and decodes a wire tick; throws a ZodError naming the problem when it is malformed. */
export function decodeTick(value: unknown): Tick {
  const wire = wireTickSchema.parse(value);
  const updates: PriceUpdate[] = [];
  let next = 0;
  for (let i = HEADER_LENGTH; i < wire.length; i += 2) {
    const index = next + wire[i]!;
    updates.push([index, wire[i + 1]!]);
    next = index + 1;
  }
  return { epoch: wire[0]!, seq: wire[1]!, ts: wire[2]!, updates };
}

export const snapshotSchema = z.object({
  epoch: z.number().int(),
  seq: z.number().int().nonnegative(),
  ts: z.number(),
  prices: z.array(z.number().int().positive()),
}) satisfies z.ZodType<MarketSnapshot>;
