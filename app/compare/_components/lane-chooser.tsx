'use client';

import { useId } from 'react';
import { TRANSPORT_LABELS, TRANSPORT_MODES, type TransportMode } from '@/lib/protocol/transport-mode';
import { MIN_LANES } from './lanes-in-url';

/** Which modes run side by side: any two to five, in the order the dashboard offers them. */
export function LaneChooser({ chosen, onChange }: { chosen: readonly TransportMode[]; onChange: (modes: readonly TransportMode[]) => void }) {
  const labelId = useId();
  const atMinimum = chosen.length <= MIN_LANES;
  const toggle = (mode: TransportMode) =>
    onChange(chosen.includes(mode) ? chosen.filter((m) => m !== mode) : TRANSPORT_MODES.filter((m) => m === mode || chosen.includes(m)));
  return (
    <div className="lane-chooser" role="group" aria-labelledby={labelId}>
      <span id={labelId} className="control-label">
        Lanes
      </span>
      {TRANSPORT_MODES.map((mode) => {
        const on = chosen.includes(mode);
        const locked = on && atMinimum;
        return (
          <label key={mode} className={`lane-option mode-${mode}${on ? ' on' : ''}`} title={locked ? `At least ${MIN_LANES} lanes` : undefined}>
            <input type="checkbox" checked={on} disabled={locked} onChange={() => toggle(mode)} />
            <span className="swatch" aria-hidden="true" />
            {TRANSPORT_LABELS[mode]}
          </label>
        );
      })}
    </div>
  );
}
