'use client';

import { formatBytes, formatCount, formatRate } from '@/lib/format/format-bytes';
import type { ModeFigures } from '@/lib/meter/meter-tracker';
import type { TransportMode } from '@/lib/protocol/transport-mode';
import { RefusedPollsNote } from '../../_components/meter/refused-polls-note';
import { useTicker } from '../../_state/ticker-context';

interface Figure {
  readonly label: string;
  readonly hint: string;
  readonly total: (f: ModeFigures) => number;
  readonly rate: (f: ModeFigures) => number;
  readonly format: (n: number) => string;
  readonly formatRate: (n: number) => string;
}

const FIGURES: readonly Figure[] = [
  {
    label: 'Requests',
    hint: 'HTTP requests of this view: each poll, or the one WebSocket handshake.',
    total: (f) => f.wire.requests,
    rate: (f) => f.perSecond.requests,
    format: formatCount,
    formatRate,
  },
  {
    label: 'Messages',
    hint: 'Poll responses, or Socket.IO tick events and catch-ups, that reached this view.',
    total: (f) => f.messages,
    rate: (f) => f.perSecond.messages,
    format: formatCount,
    formatRate,
  },
  {
    label: 'Bytes up',
    hint: "TCP payload from this view's connections to the server, counted by the server.",
    total: (f) => f.wire.bytesUp,
    rate: (f) => f.perSecond.bytesUp,
    format: formatBytes,
    formatRate: formatBytes,
  },
  {
    label: 'Bytes down',
    hint: "TCP payload from the server to this view's connections, counted by the server.",
    total: (f) => f.wire.bytesDown,
    rate: (f) => f.perSecond.bytesDown,
    format: formatBytes,
    formatRate: formatBytes,
  },
];

const AGES = [
  { label: 'p50', value: (f: ModeFigures) => f.freshness.p50 },
  { label: 'p95', value: (f: ModeFigures) => f.freshness.p95 },
  { label: 'max', value: (f: ModeFigures) => f.freshness.max },
] as const;

/** One view's meter, for the one mode it runs: totals since it opened or was reset, and per-second figures. */
export function ModeMeter({ mode }: { mode: TransportMode }) {
  const figures = useTicker((s) => s.meter.modes[mode]);
  const refusedPolls = useTicker((s) => s.meter.refusedPolls);
  const hasAges = figures.freshness.count > 0;

  return (
    <div className="mode-meter" data-mode={mode}>
      <table>
        {/* For screen readers: seen, the figures say what they are ("/s"). */}
        <thead className="visually-hidden">
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">Total</th>
            <th scope="col">Per second</th>
          </tr>
        </thead>
        <tbody>
          {FIGURES.map((figure) => (
            <tr key={figure.label} data-metric={figure.label} data-value={figure.total(figures)} data-rate={figure.rate(figures)}>
              <th scope="row" title={figure.hint}>
                {figure.label}
              </th>
              <td className="num total">{figure.format(figure.total(figures))}</td>
              <td className="num rate">{figure.formatRate(figure.rate(figures))}/s</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="tick-ages" title="Age of a tick when it reached the screen: server timestamp to the next frame.">
        <span className="tick-ages-label">Tick age</span>
        <dl>
          {AGES.map((age) => (
            <div key={age.label} data-metric={`Tick age ${age.label}`} data-value={hasAges ? age.value(figures) : ''}>
              <dt>{age.label}</dt>
              <dd>{hasAges ? `${formatCount(age.value(figures))} ms` : '—'}</dd>
            </div>
          ))}
        </dl>
      </div>
      {mode === 'polling' && <RefusedPollsNote refused={refusedPolls} />}
    </div>
  );
}
