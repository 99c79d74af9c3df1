'use client';

import { useId } from 'react';
import { POLL_INTERVALS_MS } from '@/lib/protocol/transport-mode';
import { useTicker, useTickerController } from './ticker-context';

const intervalLabel = (ms: number) => (ms < 1000 ? `${ms} ms` : `${ms / 1000} s`);

/** The view's poll interval; `idle` dims it while the view is not polling (the choice still applies when it does). */
export function PollIntervalSelect({ idle = false }: { idle?: boolean }) {
  const pollIntervalMs = useTicker((s) => s.pollIntervalMs);
  const controller = useTickerController();
  const selectId = useId();

  return (
    <div className={idle ? 'interval idle' : 'interval'}>
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
  );
}
