'use client';

import { TICK_AGE_FIGURES, TRAFFIC_FIGURES } from '@/lib/meter/meter-figures';
import type { TransportMode } from '@/lib/protocol/transport-mode';
import { RefusedPollsNote } from '../../_components/meter/refused-polls-note';
import { useTicker } from '../../_state/ticker-context';

/** One view's meter, for the one mode it runs: totals since it opened or was reset, and per-second figures. */
export function ModeMeter({ mode }: { mode: TransportMode }) {
  const figures = useTicker((s) => s.meter.modes[mode]);
  const refusedPolls = useTicker((s) => s.meter.refusedPolls);

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
          {TRAFFIC_FIGURES.map((figure) => (
            <tr key={figure.label} data-metric={figure.label} data-value={figure.total(figures)} data-rate={figure.rate.value(figures)}>
              <th scope="row" title={figure.hint('this view')}>
                {figure.label}
              </th>
              <td className="num total">{figure.format(figure.total(figures))}</td>
              <td className="num rate">{figure.rate.format(figure.rate.value(figures))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="tick-ages" title="Age of a tick when it reached the screen: server timestamp to the next frame.">
        <span className="tick-ages-label">Tick age</span>
        <dl>
          {TICK_AGE_FIGURES.map((age) => {
            const value = age.total(figures);
            return (
              <div key={age.label} data-metric={age.label} data-value={value ?? ''}>
                <dt>{age.short}</dt>
                <dd>{value === null ? '—' : age.format(value)}</dd>
              </div>
            );
          })}
        </dl>
      </div>
      {mode === 'polling' && <RefusedPollsNote refused={refusedPolls} />}
    </div>
  );
}
