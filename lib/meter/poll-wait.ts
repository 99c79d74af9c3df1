import type { TransportMode } from '../protocol/transport-mode';
import type { FreshnessSummary } from './freshness-histogram';

/**
 * Tick ages a mode needs before its median is compared: three polls at 1 s, three seconds of Socket.IO
 * at the default 10 ticks a second. A poll brings every tick since the previous one, aged evenly from
 * nothing to an interval, so a few polls already give a steady median.
 */
export const MIN_COMPARED_TICKS = 30;

/** What polling every P should add to a tick's age, and what it did add, as far as measured. */
export interface PollWait {
  readonly pollIntervalMs: number;
  /** P/2: a tick made at a random moment waits between 0 and P for the next poll, P/2 on average. */
  readonly expectedMedianMs: number;
  /** P: a tick made just after a poll waits the whole interval. */
  readonly expectedMaxMs: number;
  /** Polling's median at this interval minus Socket.IO's; null until both have MIN_COMPARED_TICKS. */
  readonly measured: {
    readonly extraMedianMs: number;
    readonly pollingMedianMs: number;
    readonly socketIoMedianMs: number;
  } | null;
  /** The modes with too few ticks to compare, Socket.IO first; empty once measured. */
  readonly missing: readonly TransportMode[];
}

/**
 * Compares Socket.IO's tick ages with polling's at `pollIntervalMs`, the ages polling had at that
 * interval only: a median over several intervals would be measured against none of them. Both go to
 * the screen through the same frame, parsing and network, so the difference is the wait for the poll.
 */
export function comparePollWait(pollIntervalMs: number, socketIo: FreshnessSummary, pollingAtInterval: FreshnessSummary): PollWait {
  const missing: TransportMode[] = [];
  if (socketIo.count < MIN_COMPARED_TICKS) missing.push('socketio');
  if (pollingAtInterval.count < MIN_COMPARED_TICKS) missing.push('polling');
  return {
    pollIntervalMs,
    expectedMedianMs: pollIntervalMs / 2,
    expectedMaxMs: pollIntervalMs,
    measured:
      missing.length > 0
        ? null
        : {
            extraMedianMs: pollingAtInterval.p50 - socketIo.p50,
            pollingMedianMs: pollingAtInterval.p50,
            socketIoMedianMs: socketIo.p50,
          },
    missing,
  };
}
