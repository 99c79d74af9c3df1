import { SSE_HEARTBEAT_EVENT, SSE_RESUME_EVENT, SSE_RETRY_MS, SSE_SHUTDOWN_EVENT, sseEventId } from '../../../lib/protocol/sse-api';
import type { ResumeAnswer } from '../tick-feed';

/**
 * The text of one or more events as written to a stream, and how the meter splits it (see sse-api.ts):
 * `data` the values of the `data:` lines, `framing` the rest, `ticks` the tick data within `data`. Every
 * event here is ASCII (wire ticks and poll answers are), so lengths are byte counts.
 */
export interface SseEvent {
  readonly text: string;
  readonly framing: number;
  readonly data: number;
  readonly ticks: number;
}

/** One event; `data` must hold no line break, which no JSON text the server sends does. */
function event(fields: { readonly event?: string; readonly id?: string }, data: string, ticks: number): SseEvent {
  let text = '';
  if (fields.event !== undefined) text += `event: ${fields.event}\n`;
  if (fields.id !== undefined) text += `id: ${fields.id}\n`;
  // An empty value without the optional space: `data:` alone still makes the browser dispatch the event.
  text += data === '' ? 'data:\n\n' : `data: ${data}\n\n`;
  return { text, framing: text.length - data.length, data: data.length, ticks };
}

/** A live tick: a plain message, so no `event:` line. */
export function tickEvent(epoch: number, seq: number, json: string): SseEvent {
  return event({ id: sseEventId(epoch, seq) }, json, json.length);
}

/** A page of a catch-up: a poll's answer, with the id of where it leaves the client. */
export function resumeEvent(answer: ResumeAnswer): SseEvent {
  return event({ event: SSE_RESUME_EVENT, id: sseEventId(answer.epoch, answer.seq) }, answer.json, answer.tickBytes);
}

/** Events written one after another as one write. */
export function joinEvents(events: readonly SseEvent[]): SseEvent {
  let text = '';
  let framing = 0;
  let data = 0;
  let ticks = 0;
  for (const part of events) {
    text += part.text;
    framing += part.framing;
    data += part.data;
    ticks += part.ticks;
  }
  return { text, framing, data, ticks };
}

/** The first line of every stream: how long the browser waits before reconnecting by itself. All framing. */
const retryText = `retry: ${SSE_RETRY_MS}\n\n`;
export const RETRY_FIELD: SseEvent = { text: retryText, framing: retryText.length, data: 0, ticks: 0 };

export const HEARTBEAT_EVENT: SseEvent = event({ event: SSE_HEARTBEAT_EVENT }, '', 0);

export const SHUTDOWN_EVENT: SseEvent = event({ event: SSE_SHUTDOWN_EVENT }, JSON.stringify({ error: 'the server is shutting down' }), 0);
