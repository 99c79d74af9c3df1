'use client';

import { useMemo, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { formatBytes, formatCount } from '@/lib/format/format-bytes';
import { formatDuration } from '@/lib/format/format-duration';
import { formatInterval } from '@/lib/format/format-interval';
import { formatRatio } from '@/lib/format/format-ratio';
import { RATE_WINDOW_MS } from '@/lib/meter/meter-tracker';
import { MINUTE_MS, type MinuteFigures } from '@/lib/meter/traffic-history';
import { TRANSPORT_LABELS, type TransportMode } from '@/lib/protocol/transport-mode';
import { cheapestMultiples } from '@/lib/meter/cheapest-multiples';
import type { Lane } from './lane';
import { useTraffic } from './traffic-recorder';

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

function MinuteLine({
  mode,
  label,
  minute,
  multiple,
}: {
  mode: TransportMode;
  label: ReactNode;
  minute: MinuteFigures | null;
  multiple: number | null;
}) {
  return (
    <p
      className={`minute-line mode-${mode}`}
      data-mode={mode}
      data-basis={minute?.basis ?? ''}
      data-requests={minute?.requests ?? ''}
      data-bytes={minute?.bytes ?? ''}
      data-multiple={multiple ?? ''}
    >
      <span className="swatch" aria-hidden="true" />
      <strong>{label}:</strong>{' '}
      {minute ? (
        <>
          {plural(Math.round(minute.requests), 'request', 'requests')}, {formatBytes(minute.bytes)} a minute{' '}
          {multiple !== null && (
            <span className="multiple">{multiple === 1 ? '(the cheapest)' : `(${formatRatio(multiple)} the cheapest)`}</span>
          )}{' '}
          <span className={`basis basis-${minute.basis}`}>{minute.basis}</span>
        </>
      ) : (
        <span className="muted">measuring…</span>
      )}
    </p>
  );
}

/** The dearest lane against the cheapest, in bytes: the lesson in one line. */
function RatioLine({ lines }: { lines: readonly { readonly mode: TransportMode; readonly minute: MinuteFigures | null }[] }) {
  const measured = lines.flatMap(({ mode, minute }) => (minute && minute.bytes > 0 ? [{ mode, bytes: minute.bytes }] : []));
  if (measured.length < lines.length || measured.length < 2) return <p className="ratio muted">Comparing…</p>;
  const sorted = [...measured].sort((a, b) => a.bytes - b.bytes);
  const cheapest = sorted[0];
  const dearest = sorted.at(-1);
  if (!cheapest || !dearest) return <p className="ratio muted">Comparing…</p>;
  const ratio = dearest.bytes / cheapest.bytes;
  return (
    <p className="ratio" data-ratio={ratio} data-dearest={dearest.mode} data-cheapest={cheapest.mode}>
      {`${TRANSPORT_LABELS[dearest.mode]} moves ${formatRatio(ratio)} the bytes of ${TRANSPORT_LABELS[cheapest.mode]}.`}
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

/** How a lane is named in the summary: polling says how often it asks, the rest their name alone. */
function LaneLabel({ lane }: { lane: Lane }) {
  const pollIntervalMs = useStore(lane.controller.store.state, (s) => s.pollIntervalMs);
  return lane.mode === 'polling' ? `${TRANSPORT_LABELS.polling} every ${formatInterval(pollIntervalMs)}` : TRANSPORT_LABELS[lane.mode];
}

/** A minute of each lane in plain words, each lane's bytes as a multiple of the cheapest; re-rendered once per meter report. */
export function MinuteSummary({ lanes }: { lanes: readonly Lane[] }) {
  const recorders = useMemo(() => lanes.map((lane) => lane.recorder), [lanes]);
  const minutes = useTraffic(recorders).map((snapshot) => snapshot.minute);
  const multiples = cheapestMultiples(minutes.map((minute) => minute?.bytes ?? null));
  const lines = lanes.map((lane, i) => ({ lane, mode: lane.mode, minute: minutes[i] ?? null, multiple: multiples[i] ?? null }));

  return (
    <section className="card minute-summary" aria-label="A minute of each">
      <div className="minute-lines">
        {lines.map(({ lane, minute, multiple }) => (
          <MinuteLine key={lane.mode} mode={lane.mode} label={<LaneLabel lane={lane} />} minute={minute} multiple={multiple} />
        ))}
      </div>
      <RatioLine lines={lines} />
      <BasisNote minutes={minutes} />
    </section>
  );
}
