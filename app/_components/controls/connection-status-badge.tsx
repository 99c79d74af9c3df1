'use client';

import type { ConnectionState } from '../../_transports/transport';
import { RecoveryNote } from './recovery-note';
import { useTicker } from '../../_state/ticker-context';

const STATE_TEXT = {
  connecting: 'Connecting',
  connected: 'Connected',
  reconnecting: 'Reconnecting',
  limited: 'Rate-limited',
  restarting: 'Server restarting',
} as const satisfies Record<ConnectionState, string>;

export function ConnectionStatusBadge() {
  const connection = useTicker((s) => s.connection);
  const lostTicks = useTicker((s) => s.lostTicks);

  return (
    <div className={`status status-${connection.state}`} role="status" aria-label="Connection" title={connection.detail}>
      <span className="dot" aria-hidden="true" />
      <span className="status-state">{STATE_TEXT[connection.state]}</span>
      <span className="status-transport" data-testid="transport-in-use">
        {connection.transport}
      </span>
      {lostTicks > 0 && <span className="status-lost">{lostTicks} ticks lost</span>}
      <RecoveryNote />
    </div>
  );
}
