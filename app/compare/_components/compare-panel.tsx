'use client';

import { TRANSPORT_LABELS, type TransportMode } from '@/lib/protocol/transport-mode';
import { ConnectionStatusBadge } from '../../_components/controls/connection-status-badge';
import { PollIntervalSelect } from '../../_components/controls/poll-interval-select';
import { TickerProvider } from '../../_state/ticker-context';
import { TickerTable } from '../../_components/ticker/ticker-table';
import type { TickerController } from '../../_state/ticker-controller';
import { ModeMeter } from './mode-meter';

/** Enough symbols to see prices move in both views, few enough to read from the back of a room. */
const PANEL_SYMBOLS = 5;

interface ComparePanelProps {
  readonly controller: TickerController;
  /** The one mode this view runs; its controller must have been made with it. */
  readonly mode: TransportMode;
}

/**
 * One view of the market in one mode, with its own connections, tab id and meter. It renders nothing
 * that changes on a tick itself: rows, status and meter subscribe to their own slices.
 */
export function ComparePanel({ controller, mode }: ComparePanelProps) {
  return (
    <TickerProvider controller={controller}>
      <section className={`card compare-panel mode-${mode}`} aria-label={TRANSPORT_LABELS[mode]} data-mode={mode}>
        <div className="panel-head">
          <h2>{TRANSPORT_LABELS[mode]}</h2>
          <button type="button" className="button reset" onClick={() => controller.resetMeter()}>
            Reset
          </button>
        </div>
        <div className="panel-controls">
          <ConnectionStatusBadge />
          {/* The same slot in both panels, so their price lists line up across the room. */}
          {mode === 'polling' ? <PollIntervalSelect /> : <p className="push-note">Each tick is pushed as it is made</p>}
        </div>
        <TickerTable limit={PANEL_SYMBOLS} />
        <ModeMeter mode={mode} />
      </section>
    </TickerProvider>
  );
}
