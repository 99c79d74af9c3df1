'use client';

import { formatInterval } from '@/lib/format/format-interval';
import { modesInUse } from '@/lib/meter/modes-in-use';
import { TRANSPORT_LABELS } from '@/lib/protocol/transport-mode';
import { FreshnessChart } from './freshness-chart';
import { PollWaitNote } from './poll-wait-note';
import { useShownMeter, useTicker } from '../../_state/ticker-context';

/** How old ticks are when they reach the screen, per second, and why polling's are older. */
export function FreshnessPanel() {
  const pollIntervalMs = useTicker((s) => s.pollIntervalMs);
  const active = useTicker((s) => s.mode);
  const shown = modesInUse(useShownMeter(), active);
  return (
    <section className="card freshness" aria-label="Tick age">
      <div className="card-head">
        <h2>Tick age</h2>
        <span className="muted small">server timestamp → on screen, per second of the last minute</span>
      </div>
      <PollWaitNote />
      <FreshnessChart />
      <p className="freshness-legend small">
        {shown.map((mode) => (
          <span key={mode} className="legend-item">
            <span className={`swatch swatch-${mode}`} aria-hidden="true" />
            {TRANSPORT_LABELS[mode]}
          </span>
        ))}
        <span className="muted">
          One bar a second: solid up to the median, lighter to the 95th percentile, faint to the oldest tick. Lines at P/2 and P, polling every
          P = {formatInterval(pollIntervalMs)}.
        </span>
      </p>
    </section>
  );
}
