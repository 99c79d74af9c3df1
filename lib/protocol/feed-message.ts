import { pollResponseSchema } from './poll-api';
import type { MarketSnapshot, Tick } from './tick';
import { decodeTick } from './tick-codec';

/** What either transport hands the client, once validated: a snapshot to start over from, or ticks. */
export type FeedMessage =
  | { readonly kind: 'snapshot'; readonly snapshot: MarketSnapshot }
  | {
      readonly kind: 'ticks';
      readonly epoch: number;
      readonly ticks: readonly Tick[];
      /** The server no longer held some ticks between the client's position and the first of these. */
      readonly gap: boolean;
      /** The server holds more; ask again at once. */
      readonly more: boolean;
    };

/** Validates a poll response or Socket.IO catch-up; throws a ZodError describing what was wrong. */
export function decodeFeedMessage(value: unknown): FeedMessage {
  const response = pollResponseSchema.parse(value);
  if (response.kind === 'snapshot') return response;
  return {
    kind: 'ticks',
    epoch: response.epoch,
    ticks: response.ticks.map(decodeTick),
    gap: response.gap,
    more: response.more,
  };
}
