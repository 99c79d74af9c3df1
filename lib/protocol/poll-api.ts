import { z } from 'zod';
import { snapshotSchema } from './tick-codec';
import { tabIdSchema } from './tab-id';

export const POLL_PATH = '/api/ticks';
/** Most ticks one poll answers with; a slower poller gets `more: true` and asks again at once. */
export const POLL_MAX_TICKS = 600;

const seqParam = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a non-negative integer')
  .transform(Number);

/** The query string of a poll; every field is optional so that a bare GET returns the snapshot. */
export const pollQuerySchema = z.strictObject({
  since: seqParam.optional(),
  epoch: seqParam.optional(),
  tab: tabIdSchema.optional(),
});

export type PollQuery = z.infer<typeof pollQuerySchema>;

export const pollTicksResponseSchema = z.object({
  kind: z.literal('ticks'),
  epoch: z.number().int(),
  seq: z.number().int(),
  gap: z.boolean(),
  more: z.boolean(),
  ticks: z.array(z.unknown()),
});

export const pollSnapshotResponseSchema = z.object({
  kind: z.literal('snapshot'),
  snapshot: snapshotSchema,
});

export const pollResponseSchema = z.discriminatedUnion('kind', [pollTicksResponseSchema, pollSnapshotResponseSchema]);
export type PollResponse = z.infer<typeof pollResponseSchema>;

export const errorResponseSchema = z.object({ error: z.string() });
