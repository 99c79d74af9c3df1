import { z } from 'zod';
import type { PollResponse } from './poll-api';
import type { WireTick } from './tick-codec';

export const SOCKET_PATH = '/socket.io';
export const TICKS_ROOM = 'ticks';

/**
 * The tick event's name: one letter, because Socket.IO writes the name into every message. `42["t",…]`
 * is 7 bytes of envelope where `42["tick",…]` would be 10, on a tick of about 140 bytes.
 */
export const TICK_EVENT = 't';

/**
 * Sent to every client as the server shuts down, just before it closes their connections: they can say
 * "server restarting" instead of an unexplained drop, and reconnect (with backoff) as after any drop.
 */
export const SHUTDOWN_EVENT = 'shutdown';

/** Where to resume: after `since` in `epoch`. Without them the server answers with a snapshot. */
export const subscribeRequestSchema = z.strictObject({
  since: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  epoch: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
});
export type SubscribeRequest = z.infer<typeof subscribeRequestSchema>;

/** The answer to an event the server refuses, sent through the event's acknowledgement. */
export interface EventRefusal {
  readonly kind: 'error';
  readonly error: string;
}
export const eventRefusalSchema = z.object({ kind: z.literal('error'), error: z.string() }) satisfies z.ZodType<EventRefusal>;

/** The catch-up a subscriber gets before live ticks: the same shapes a poll answers with. */
export type SubscribeReply = PollResponse | EventRefusal;

/**
 * Events the server emits. The tick payload type is a parameter because the server sends it
 * pre-serialized (see PreEncodedJson) while the client receives the decoded array.
 */
export interface ServerToClientEvents<TickPayload = WireTick> {
  [TICK_EVENT]: (tick: TickPayload) => void;
  [SHUTDOWN_EVENT]: () => void;
}

/** The reply type is a parameter for the same reason: the server answers with pre-serialized JSON. */
export interface ClientToServerEvents<Reply = SubscribeReply> {
  subscribe: (request: SubscribeRequest, ack: (reply: Reply) => void) => void;
  unsubscribe: () => void;
}

/** What a client event carries: its arguments, and whether the client must ask for an acknowledgement. */
export interface ClientEventShape {
  readonly args: z.ZodType<unknown[]>;
  readonly ack: boolean;
}

/**
 * Every event a client may send, with the shape of its arguments (the acknowledgement not among them).
 * The server refuses any other event, and any event of another shape: through the acknowledgement when
 * the event has one, else by disconnecting the client.
 */
export const CLIENT_EVENTS = {
  subscribe: { args: z.tuple([subscribeRequestSchema]), ack: true },
  unsubscribe: { args: z.tuple([]), ack: false },
} as const satisfies Record<keyof ClientToServerEvents, ClientEventShape>;
