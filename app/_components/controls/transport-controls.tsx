'use client';

import { useId } from 'react';
import { TRANSPORT_LABELS, TRANSPORT_MODES } from '@/lib/protocol/transport-mode';
import { PollIntervalSelect } from './poll-interval-select';
import { useTicker, useTickerController } from '../../_state/ticker-context';

export function TransportControls() {
  const mode = useTicker((s) => s.mode);
  const controller = useTickerController();
  const labelId = useId();

  return (
    <div className="transport-controls">
      <div className="segmented" role="radiogroup" aria-labelledby={labelId}>
        <span id={labelId} className="control-label">
          Transport
        </span>
        {TRANSPORT_MODES.map((option) => (
          <label key={option} className={option === mode ? 'segment on' : 'segment'}>
            <input type="radio" name="transport" value={option} checked={option === mode} onChange={() => controller.setMode(option)} />
            {TRANSPORT_LABELS[option]}
          </label>
        ))}
      </div>
      <PollIntervalSelect idle={mode !== 'polling'} />
    </div>
  );
}
