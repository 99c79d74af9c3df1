import { pollResponseSchema, POLL_PATH, type PollResponse } from '../../../lib/protocol/poll-api';
import { decodeTick } from '../../../lib/protocol/tick-codec';
import type { Tick } from '../../../lib/protocol/tick';

export interface PollAnswer {
  readonly status: number;
  readonly contentType: string | null;
  /** The body exactly as served. */
  readonly text: string;
}

/** GET /api/ticks (or another path with the same answers) with the given query string (already encoded, without the "?"). */
export async function pollText(baseUrl: string, query = '', path = POLL_PATH): Promise<PollAnswer> {
  const response = await fetch(`${baseUrl}${path}${query ? `?${query}` : ''}`);
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

/** A successful poll, validated against the protocol's schema. */
export async function poll(baseUrl: string, query = '', path = POLL_PATH): Promise<PollResponse> {
  const answer = await pollText(baseUrl, query, path);
  if (answer.status !== 200) throw new Error(`poll answered ${answer.status}: ${answer.text}`);
  return pollResponseSchema.parse(JSON.parse(answer.text));
}

/** The ticks of a "ticks" answer, decoded with the protocol's own codec. */
export function ticksOf(response: PollResponse): Tick[] {
  if (response.kind !== 'ticks') throw new Error(`expected kind "ticks", got "${response.kind}"`);
  return response.ticks.map((wire) => decodeTick(wire));
}

/**
 * Each tick of a "ticks" body as the exact text the server wrote. Wire ticks are flat arrays of numbers,
 * so every bracketed run inside the "ticks" list is one tick.
 */
export function tickTextsOf(body: string): string[] {
  const list = body.slice(body.indexOf('"ticks":[') + '"ticks":['.length, -2);
  return list.match(/\[[^\]]*\]/g) ?? [];
}

/** The tick data in a poll's body (or a catch-up), as the body carries it: the tick arrays, or the snapshot object. */
export function tickTextOf(body: string): string {
  const parsed = pollResponseSchema.parse(JSON.parse(body));
  if (parsed.kind === 'snapshot') return JSON.stringify(parsed.snapshot);
  const start = body.indexOf('"ticks":[') + '"ticks":['.length;
  return body.slice(start, body.lastIndexOf(']'));
}
