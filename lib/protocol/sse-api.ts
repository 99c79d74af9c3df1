import { z } from 'zod';
import { SEQ_PARAM_PATTERN } from './poll-api';

/**
 * GET /api/sse?since=<seq>&epoch=<epoch>&tab=<id>: one `text/event-stream` response for as long as the
 * mode is on. The query is a poll's (see pollQuerySchema), and so is the catch-up it starts with; then
 * every tick as it is made.
 *
 * On the wire, every event's `id:` is the position a client has reached once it has applied the event,
 * `<epoch>:<seq>`, so a browser that reconnects by itself (sending it back as Last-Event-ID) resumes
 * exactly there. The events:
 *
 * | event | fields | carries |
 * | --- | --- | --- |
 * | (a plain `message`) | `id`, `data` | one wire tick. No `event:` line: 7 bytes less on every tick |
 * | SSE_RESUME_EVENT | `event`, `id`, `data` | a page of the catch-up: a poll's answer (PollResponse), `more` when another page follows |
 * | SSE_HEARTBEAT_EVENT | `event`, `data` (empty) | nothing: the stream is alive though no tick came (see SSE_HEARTBEAT_MS) |
 * | SSE_SHUTDOWN_EVENT | `event`, `data` | `{"error": …}` just before the server ends the stream as it shuts down |
 *
 * The stream starts with a `retry:` line (SSE_RETRY_MS). The meter splits an event into framing and
 * data: data is the values of its `data:` lines; everything else — field names, `: `, line ends, the
 * blank line after each event, the `retry:` line, and the `id:` and `event:` values too — is framing.
 */
export const SSE_PATH = '/api/sse';

export const SSE_RESUME_EVENT = 'resume';
export const SSE_HEARTBEAT_EVENT = 'heartbeat';
export const SSE_SHUTDOWN_EVENT = 'shutdown';

/** How long a browser waits before reconnecting a dropped stream by itself; sent in the stream's `retry:` line. */
export const SSE_RETRY_MS = 1000;

/**
 * How often the server looks for streams with nothing written since it last looked, and sends each a
 * heartbeat. A live market writes a tick far more often, so heartbeats go only where ticks have stopped;
 * a healthy stream is never silent for two of these intervals.
 */
export const SSE_HEARTBEAT_MS = 1000;

/**
 * How long a client waits for any event before it takes the stream for dead and opens another: a pulled
 * cable never errors. Three heartbeat intervals: the two a healthy stream may be silent for, and one for a
 * busy page or network. The same 3 s after which the Socket.IO client gives up on a silent connection.
 */
export const SSE_SILENCE_LIMIT_MS = 3 * SSE_HEARTBEAT_MS;

/** An event's `id:`, the position it leaves a client at. */
export function sseEventId(epoch: number, seq: number): string {
  return `${epoch}:${seq}`;
}

/** A Last-Event-ID: an id the server sent, `<epoch>:<seq>`, read as the place to resume from. */
export const lastEventIdSchema = z
  .string()
  .regex(new RegExp(`^(${SEQ_PARAM_PATTERN}):(${SEQ_PARAM_PATTERN})$`), 'must be <epoch>:<seq>, as the server sent it')
  .transform((id) => {
    const colon = id.indexOf(':');
    return { epoch: Number(id.slice(0, colon)), since: Number(id.slice(colon + 1)) };
  });
