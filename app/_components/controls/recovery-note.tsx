'use client';

import { formatDuration } from '@/lib/format/format-duration';
import type { Recovery } from '../../_state/ticker-store';
import { useTicker } from '../../_state/ticker-context';

function describe(recovery: Recovery): string {
  const back = `Back after ${formatDuration(recovery.awayMs)}`;
  if (recovery.kind === 'restarted') return `${back} · server restarted, new market`;
  if (recovery.ticks === 0) return `${back} · nothing missed`;
  return `${back} · ${recovery.ticks.toLocaleString('en-US')} ${recovery.ticks === 1 ? 'tick' : 'ticks'} caught up`;
}

/** For a while after the connection is back: how long it was down, and what became of the ticks meanwhile. */
export function RecoveryNote() {
  const recovery = useTicker((s) => s.recovery);
  if (!recovery) return null;
  return (
    <span className="status-recovery" data-recovery={recovery.kind}>
      {describe(recovery)}
    </span>
  );
}
