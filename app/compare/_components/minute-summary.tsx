'use client';

import { useStore } from 'zustand';
import { formatBytes, formatCount } from '@/lib/format/format-bytes';
import { formatDuration } from '@/lib/format/format-duration';
import { formatInterval } from '@/lib/format/format-interval';
import { formatRatio } from '@/lib/format/format-ratio';
import { RATE_WINDOW_MS } from '@/lib/meter/meter-tracker';
import { MINUTE_MS, type MinuteFigures } from '@/lib/meter/traffic-history';
import { TRANSPORT_LABELS, type TransportMode } from '@/lib/protocol/transport-mode';
import type { TickerController } from '../../_state/ticker-controller';
import { useTraffic, type TrafficRecorder } from './traffic-recorder';

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

function MinuteLine({ mode, label, minute }: { mode: TransportMode; label: string; minute: MinuteFigures | null }) {
  return (
    <p
      className={`minute-line mode-${mode}`}
      data-mode={mode}
      data-basis={minute?.basis ?? ''}
      data-requests={minute?.requests ?? ''}
      data-bytes={minute?.bytes ?? ''}
    >
      <span className="swatch" aria-hidden="true" />
      <strong>{label}:</strong>{' '}
      {minute ? (
        <>
          {plural(Math.round(minute.requests), 'request', 'requests')}, {formatBytes(minute.bytes)} a minute{' '}
          <span className={`basis basis-${minute.basis}`}>{minute.basis}</span>
        </>
      ) : (
        <span className="muted">measuring…</span>
      )}
    </p>
  );
}

/** Which of the two moves more bytes, and how many times more: the lesson in one line. */
function RatioLine({ socketio, polling }: { socketio: MinuteFigures | null; polling: MinuteFigures | null }) {
  if (!socketio || !polling || socketio.bytes <= 0 || polling.bytes <= 0) {
    return <p className="ratio muted">Comparing…</p>;
  }
  const ratio = polling.bytes / socketio.bytes;
  return (
    <p className="ratio" data-ratio={ratio}>
      {ratio >= 1
        ? `Polling moves ${formatRatio(ratio)} the bytes of Socket.IO.`
        : `Socket.IO moves ${formatRatio(1 / ratio)} the bytes of polling.`}
    </p>
  );
}

/** Says where the figures come from; until both are measured, how long until they are. */
function BasisNote({ minutes }: { minutes: readonly (MinuteFigures | null)[] }) {
  const waits = minutes.flatMap((minute) => (minute?.basis === 'extrapolated' ? [minute.measuredInMs] : []));
  const measured = `Measured: what crossed the wire in the last ${MINUTE_MS / 1000} s, counted by the server.`;
  if (waits.length === 0) return <p className="basis-note">{measured}</p>;
  return (
    <p className="basis-note">
      Extrapolated: the meter&apos;s current rate (its last {RATE_WINDOW_MS / 1000} s) × 60, until a full minute has been measured, in{' '}
      {formatDuration(Math.max(...waits))}. {measured}
    </p>
  );
}

interface MinuteSummaryProps {
  readonly recorders: Readonly<Record<'socketio' | 'polling', TrafficRecorder>>;
  /** The polling view's controller, for the interval the polling line names. */
  readonly polling: TickerController;
}

/** A minute of each mode in plain words, and how they compare; re-rendered once per meter report. */
export function MinuteSummary({ recorders, polling }: MinuteSummaryProps) {
  const socketio = useTraffic(recorders.socketio).minute;
  const pollingMinute = useTraffic(recorders.polling).minute;
  const pollIntervalMs = useStore(polling.store.state, (s) => s.pollIntervalMs);

  return (
    <section className="card minute-summary" aria-label="A minute of each">
      <div className="minute-lines">
        <MinuteLine mode="polling" label={`${TRANSPORT_LABELS.polling} every ${formatInterval(pollIntervalMs)}`} minute={pollingMinute} />
        <MinuteLine mode="socketio" label={TRANSPORT_LABELS.socketio} minute={socketio} />
      </div>
      <RatioLine socketio={socketio} polling={pollingMinute} />
      <BasisNote minutes={[pollingMinute, socketio]} />
    </section>
  );
}
