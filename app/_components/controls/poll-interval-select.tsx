'use client';

import { useId } from 'react';
import { formatInterval } from '@/lib/format/format-interval';
import { POLL_INTERVALS_MS } from '@/lib/protocol/transport-mode';
import { useTicker, useTickerController } from '../../_state/ticker-context';

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
            {formatInterval(ms)}
          </option>
        ))}
      </select>
    </div>
  );
}
