'use client';

import { useId } from 'react';
import { POLL_INTERVALS_MS, TRANSPORT_LABELS, TRANSPORT_MODES } from '@/lib/protocol/transport-mode';
import { useTicker, useTickerController } from './ticker-context';

const intervalLabel = (ms: number) => (ms < 1000 ? `${ms} ms` : `${ms / 1000} s`);

export function TransportControls() {
  const mode = useTicker((s) => s.mode);
  const pollIntervalMs = useTicker((s) => s.pollIntervalMs);
  const controller = useTickerController();
  const labelId = useId();
  const selectId = useId();

  return (
    <div className="transport-controls">
      <div className="segmented" role="radiogroup" aria-labelledby={labelId}>
        <span id={labelId} className="control-label">
          Transport
        </span>
        {TRANSPORT_MODES.map((option) => (
          <label key={option} className={option === mode ? 'segment on' : 'segment'}>
            <input
              type="radio"
              name="transport"
              value={option}
              checked={option === mode}
              onChange={() => controller.setMode(option)}
            />
            {TRANSPORT_LABELS[option]}
          </label>
        ))}
      </div>
      <div className={mode === 'polling' ? 'interval' : 'interval idle'}>
        <label htmlFor={selectId} className="control-label">
          Poll interval
        </label>
        <select
          id={selectId}
          value={pollIntervalMs}
          onChange={(event) => {
            const picked = POLL_INTERVALS_MS.find((ms) => ms === Number(event.target.value));
            if (picked !== undefined) controller.setPollInterval(picked);
          }}
        >
          {POLL_INTERVALS_MS.map((ms) => (
            <option key={ms} value={ms}>
              {intervalLabel(ms)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
