'use client';

import { formatInterval } from '@/lib/format/format-interval';
import { formatMilliseconds, formatMillisecondsChange } from '@/lib/format/format-milliseconds';
import type { PollWait } from '@/lib/meter/poll-wait';
import { TRANSPORT_LABELS, type TransportMode } from '@/lib/protocol/transport-mode';
import { useShownMeter, useTicker } from '../../_state/ticker-context';

/** What to do to get the comparison, said for the mode the view is in. */
function missingText({ missing, pollIntervalMs }: PollWait, mode: TransportMode): string {
  const polling = `polling at ${formatInterval(pollIntervalMs)}`;
  if (missing.length > 1) return `run Socket.IO and ${polling} for a few seconds each to compare.`;
  if (missing[0] === mode) return `${missing[0] === 'socketio' ? TRANSPORT_LABELS.socketio : polling} needs a few more seconds.`;
  return missing[0] === 'socketio'
    ? 'switch to Socket.IO for a few seconds to compare.'
    : `switch to Polling at ${formatInterval(pollIntervalMs)} for a few seconds to compare.`;
}

/**
 * The P/2 rule in plain words, next to the measured figure it predicts: a tick made at a random moment
 * waits for the next poll, between no time and a whole interval, half an interval on average.
 */
export function PollWaitNote() {
  const wait = useShownMeter().pollWait;
  const mode = useTicker((s) => s.mode);
  const tickIntervalMs = useTicker((s) => s.tickIntervalMs);
  if (!wait) return null;
  const interval = formatInterval(wait.pollIntervalMs);
  const { measured } = wait;

  return (
    <div
      className="poll-wait"
      data-interval-ms={wait.pollIntervalMs}
      data-expected-ms={wait.expectedMedianMs}
      data-measured-ms={measured?.extraMedianMs ?? ''}
    >
      <p className="expected">
        <strong>
          Polling every {interval}: expect ≈ {formatMillisecondsChange(wait.expectedMedianMs)} on the median
        </strong>{' '}
        and up to {formatMillisecondsChange(wait.expectedMaxMs)} on the oldest tick. A tick waits for the next poll: no time if one is just due,
        a whole interval if one has just gone, half an interval on average.
      </p>
      {/* P/2 averages over where ticks fall between polls, but polls a steady interval apart meet the
          ticks at much the same offset every time. */}
      <p className="phase small muted">
        Ticks come every {formatInterval(tickIntervalMs)} and the polls meet them at much the same point each time, so the median can land up to{' '}
        {formatMilliseconds(tickIntervalMs)} from P/2.
      </p>
      {measured ? (
        <p className="measured">
          Measured: <strong>{formatMillisecondsChange(measured.extraMedianMs)}</strong> (polling&apos;s median at {interval},{' '}
          {formatMilliseconds(measured.pollingMedianMs)}, minus Socket.IO&apos;s, {formatMilliseconds(measured.socketIoMedianMs)}).
        </p>
      ) : (
        <p className="measured pending">Not measured yet: {missingText(wait, mode)}</p>
      )}
    </div>
  );
}
