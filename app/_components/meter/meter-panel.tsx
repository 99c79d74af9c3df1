'use client';

import { formatBytes, formatCount } from '@/lib/format/format-bytes';
import { formatDuration } from '@/lib/format/format-duration';
import { TICK_AGE_FIGURES, TRAFFIC_FIGURES, type MeterFigure, type TrafficFigure } from '@/lib/meter/meter-figures';
import type { HiddenFigures } from '@/lib/meter/meter-tracker';
import { modesInUse } from '@/lib/meter/modes-in-use';
import { TRANSPORT_LABELS, type TransportMode } from '@/lib/protocol/transport-mode';
import { AskingNote } from './asking-note';
import { MeterExportControl } from './meter-export-control';
import { RefusedPollsNote } from './refused-polls-note';
import { useShownMeter, useTicker, useTickerController } from '../../_state/ticker-context';
import { WhereTheBytesGo } from './where-the-bytes-go';

/** The rows of the table: every figure of a mode's meter, traffic first. */
const METRICS: readonly (MeterFigure & Partial<Pick<TrafficFigure, 'rate'>>)[] = [...TRAFFIC_FIGURES, ...TICK_AGE_FIGURES];

function ModeHeader({ mode, active }: { mode: TransportMode; active: boolean }) {
  return (
    <th scope="col" className={`num mode-${mode}${active ? ' active' : ''}`}>
      {TRANSPORT_LABELS[mode]}
      {active && <span className="badge">active</span>}
    </th>
  );
}

/**
 * Says how long the tab was hidden, and what that time does to the figures; nothing until it was. It sits
 * above the table, so it is in view at once when the tab comes back, next to the rates it explains.
 */
function HiddenTimeNote({ hidden }: { hidden: HiddenFigures }) {
  if (hidden.periods === 0) return null;
  const duration = formatDuration(hidden.totalMs);
  const lead = hidden.now
    ? `Hidden now, ${duration} so far`
    : hidden.periods === 1
      ? `Hidden for ${duration}`
      : `Hidden ${formatCount(hidden.periods)} times, ${duration} in all`;
  return (
    <p className="hidden-time small" data-hidden-ms={hidden.totalMs} data-hidden-periods={hidden.periods}>
      <strong>{lead}:</strong> per-second figures and tick ages leave that time out (browsers throttle timers in background tabs). Totals count
      everything.
    </p>
  );
}

export function MeterPanel() {
  const meter = useShownMeter();
  const mode = useTicker((s) => s.mode);
  const controller = useTickerController();
  const shown = modesInUse(meter, mode);

  return (
    <section className="card meter" aria-label="Meter" data-reported-at={meter.reportedAt ?? ''}>
      <div className="card-head">
        <h2>Meter</h2>
        <span className="muted small">this tab, since the page opened or the last reset</span>
        <button type="button" className="button reset" onClick={() => controller.resetMeter()}>
          Reset
        </button>
        <MeterExportControl />
      </div>
      <HiddenTimeNote hidden={meter.hidden} />
      <div className={`meter-table modes-${shown.length}`}>
        <table>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Figure</span>
              </th>
              {shown.map((m) => (
                <ModeHeader key={m} mode={m} active={m === mode} />
              ))}
            </tr>
          </thead>
          <tbody>
            {METRICS.map((metric) => (
              <tr key={metric.label}>
                <th scope="row" title={metric.hint('this tab')}>
                  {metric.label}
                </th>
                {shown.map((m) => {
                  const figures = meter.modes[m];
                  const total = metric.total(figures);
                  return (
                    <td
                      key={m}
                      className={m === mode ? 'num active' : 'num'}
                      data-mode={m}
                      data-metric={metric.label}
                      data-value={total ?? ''}
                      data-rate={metric.rate?.value(figures) ?? ''}
                    >
                      <span className="total">{total === null ? '—' : metric.format(total)}</span>
                      {metric.rate && <span className="rate">{metric.rate.format(metric.rate.value(figures))}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length === 1 && (
        <p className="small muted">Switch the transport and its column appears beside this one; Reset clears the others.</p>
      )}
      <RefusedPollsNote refused={meter.refusedPolls} />
      <AskingNote />
      <p
        className="overhead small muted"
        data-requests={meter.overhead.requests}
        data-bytes-up={meter.overhead.bytesUp}
        data-bytes-down={meter.overhead.bytesDown}
      >
        Meter overhead (its own feed, counted in no column): {formatCount(meter.overhead.requests)}{' '}
        {meter.overhead.requests === 1 ? 'request' : 'requests'}, {formatBytes(meter.overhead.bytesUp)} up,{' '}
        {formatBytes(meter.overhead.bytesDown)} down. Bytes are counted by the server on this tab&apos;s own TCP connections.
      </p>
      <WhereTheBytesGo />
    </section>
  );
}
