import { pollResponseSchema } from '../../../lib/protocol/poll-api';
import { decodeTick } from '../../../lib/protocol/tick-codec';
import type { MarketSnapshot, Tick } from '../../../lib/protocol/tick';
import { DecodeCache } from './decode-cache';
import type { ModeTally } from './mode-tally';
import type { SequenceCheck } from './sequence-check';

/**
 * What every viewer does with what the server sends it, whatever the transport: a poll's answer (which is
 * also the catch-up a stream starts with) or one wire tick, each decoded once for every viewer that gets
 * the same text, then checked against the viewer's sequence and timed from its server timestamp.
 */
export type PollAnswer =
  | { readonly kind: 'snapshot'; readonly snapshot: MarketSnapshot }
  | { readonly kind: 'ticks'; readonly more: boolean; readonly ticks: readonly Tick[] };

function decodePollAnswer(text: string): PollAnswer {
  const answer = pollResponseSchema.parse(JSON.parse(text));
  if (answer.kind === 'snapshot') return answer;
  return { kind: 'ticks', more: answer.more, ticks: answer.ticks.map((wire) => decodeTick(wire)) };
}

/** Pollers in step get the same body (the server shares it between two ticks), streams the same catch-up. */
export const pollAnswers = new DecodeCache(decodePollAnswer);

/** Every streaming viewer receives the same text for a tick. */
export const wireTicks = new DecodeCache((text: string): Tick => decodeTick(JSON.parse(text)));

/** A tick arrived: checked, and timed when it is new. */
export function applyTick(tick: Tick, check: SequenceCheck, tally: ModeTally, now = Date.now()): void {
  if (check.observe(tick.epoch, tick.seq)) tally.recordTick(tick.ts, now);
}

/** A poll's answer or a page of catch-up arrived; returns whether the server holds more to fetch at once. */
export function applyAnswer(answer: PollAnswer, check: SequenceCheck, tally: ModeTally): boolean {
  if (answer.kind === 'snapshot') {
    check.resumeAt(answer.snapshot.epoch, answer.snapshot.seq);
    return false;
  }
  const now = Date.now();
  for (const tick of answer.ticks) applyTick(tick, check, tally, now);
  return answer.more;
}
