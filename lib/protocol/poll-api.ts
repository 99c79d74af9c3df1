import { z } from 'zod';
import { snapshotSchema } from './tick-codec';
import { TAB_ID_PATTERN, tabIdSchema } from './tab-id';

export const POLL_PATH = '/api/ticks';
/** Most ticks one poll answers with; a slower poller gets `more: true` and asks again at once. */
export const POLL_MAX_TICKS = 600;

/**
 * The status of a poll answered while the server shuts down, with a Retry-After: the tab shows a
 * restart rather than a fault. Nothing is lost by it, as the next poll asks from the same `since`.
 */
export const SHUTTING_DOWN_STATUS = 503;

/** A sequence number or epoch in a query string: at most 15 digits, so it is a safe integer. */
export const SEQ_PARAM_PATTERN = '\\d{1,15}';

const seqParam = z
  .string()
  .regex(new RegExp(`^${SEQ_PARAM_PATTERN}$`), 'must be a non-negative integer')
  .transform(Number);

/** The query string of a poll; every field is optional so that a bare GET returns the snapshot. */
export const pollQuerySchema = z.strictObject({
  since: seqParam.optional(),
  epoch: seqParam.optional(),
  tab: tabIdSchema.optional(),
});

export type PollQuery = z.infer<typeof pollQuerySchema>;

/**
 * The query every keeping-up poller sends, in the order the page writes it. It accepts exactly what
 * pollQuerySchema accepts for these three parameters, so a server may take it as validated.
 */
export const CANONICAL_POLL_QUERY = new RegExp(`^since=(${SEQ_PARAM_PATTERN})&epoch=(${SEQ_PARAM_PATTERN})&tab=(${TAB_ID_PATTERN})$`);

const pollTicksResponseSchema = z.object({
  kind: z.literal('ticks'),
  epoch: z.number().int(),
  seq: z.number().int(),
  gap: z.boolean(),
  more: z.boolean(),
  ticks: z.array(z.unknown()),
});

const pollSnapshotResponseSchema = z.object({
  kind: z.literal('snapshot'),
  snapshot: snapshotSchema,
});

export const pollResponseSchema = z.discriminatedUnion('kind', [pollTicksResponseSchema, pollSnapshotResponseSchema]);
export type PollResponse = z.infer<typeof pollResponseSchema>;

export const errorResponseSchema = z.object({ error: z.string() });
