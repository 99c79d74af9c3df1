import { z } from 'zod';
import { tabIdSchema } from './tab-id';
import type { TransportMode } from './transport-mode';

export const INSPECT_PATH = '/api/inspect';

/** Most bytes of a body or frame payload kept to show; heads are kept whole, and sizes are always whole. */
export const INSPECT_TEXT_LIMIT = 2048;

const byteCount = z.number().int().nonnegative();

/**
 * Bytes shown as text: `text` decoded as UTF-8 (a cut through a character shows as U+FFFD), `bytes` the
 * size of the whole.
 */
export const excerptSchema = z.object({ text: z.string(), bytes: byteCount });
export type Excerpt = z.infer<typeof excerptSchema>;

/** What the server counted on the socket for one exchange: plaintext bytes, so over TLS without its records. */
export const countedBytesSchema = z.object({ up: byteCount, down: byteCount });
export type CountedBytes = z.infer<typeof countedBytesSchema>;

/**
 * A tab's last poll as the server saw it. `request.head` is the request line and header lines rebuilt
 * from what Node parsed (so with one space after each colon, whatever the client wrote);
 * `response.head` is the status line and header lines exactly as Node wrote them; `response.body` the
 * body as sent (empty for HEAD). The text is the bytes on the socket exactly when
 * `request.head.bytes === counted.up` and `response.head.bytes + response.body.bytes === counted.down`.
 */
export const pollExchangeSchema = z.object({
  /** Server time the response finished, ms since the Unix epoch. */
  at: z.number(),
  request: z.object({ head: excerptSchema }),
  response: z.object({ head: excerptSchema, body: excerptSchema }),
  counted: countedBytesSchema,
});
export type PollExchange = z.infer<typeof pollExchangeSchema>;

/**
 * One WebSocket frame. `header` is its header bytes in hex (`81 7e 00 9c`), masking key included: as
 * read for a frame the client sent; for one the server sent, derived from its opcode and payload length
 * the way RFC 6455 lays them out (the server cannot read its own writes back). `payload` is unmasked,
 * its `bytes` the header's length field.
 */
export const frameSchema = z.object({
  header: z.string(),
  fin: z.boolean(),
  opcode: z.number().int().min(0).max(15),
  masked: z.boolean(),
  payload: excerptSchema,
});
export type InspectedFrame = z.infer<typeof frameSchema>;

/**
 * A tab's latest WebSocket: the upgrade request (rebuilt like a poll's) and the 101 Switching Protocols
 * response (as written), with what the socket counted for each, and the last whole frame each way.
 */
export const webSocketExchangeSchema = z.object({
  handshake: z.object({ request: excerptSchema, response: excerptSchema, counted: countedBytesSchema }),
  lastDown: frameSchema.nullable(),
  lastUp: frameSchema.nullable(),
});
export type WebSocketExchange = z.infer<typeof webSocketExchangeSchema>;

/** A tab's last long poll: a poll's exchange, and how long the server held it before it had an answer. */
export const longPollExchangeSchema = pollExchangeSchema.extend({ heldMs: z.number().nonnegative() });
export type LongPollExchange = z.infer<typeof longPollExchangeSchema>;

/**
 * A tab's latest Server-Sent Events stream: its request (rebuilt like a poll's) and response head (as
 * written), once per stream, with what the socket counted for them; then the last event as it went on the
 * wire, inside its HTTP/1.1 chunk: `chunkHead` is the chunk's size in hex and CRLF, `chunkTail` the CRLF
 * after it (both empty on a stream that is not chunked).
 */
export const eventStreamExchangeSchema = z.object({
  request: excerptSchema,
  response: excerptSchema,
  counted: countedBytesSchema,
  lastEvent: z.object({ at: z.number(), chunkHead: z.string(), event: excerptSchema, chunkTail: z.string() }).nullable(),
});
export type EventStreamExchange = z.infer<typeof eventStreamExchangeSchema>;

/**
 * The answer to GET /api/inspect?tab=<id>. Polls and long polls are recorded only for a tab someone has
 * inspected, so `polling` and `longpolling` are null until the tab's first one after its first inspection;
 * the others are null until the tab opens a connection of that mode. A tab the server has not seen
 * answers with every mode null.
 */
export const wireInspectionSchema = z.object({
  tab: tabIdSchema,
  serverTs: z.number(),
  socketio: webSocketExchangeSchema.nullable(),
  websocket: webSocketExchangeSchema.nullable(),
  sse: eventStreamExchangeSchema.nullable(),
  longpolling: longPollExchangeSchema.nullable(),
  polling: pollExchangeSchema.nullable(),
}) satisfies z.ZodType<Record<TransportMode, unknown>>;
export type WireInspection = z.infer<typeof wireInspectionSchema>;
