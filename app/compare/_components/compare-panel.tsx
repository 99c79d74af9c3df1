'use client';

import { TRANSPORT_LABELS, type TransportMode } from '@/lib/protocol/transport-mode';
import { ConnectionStatusBadge } from '../../_components/controls/connection-status-badge';
import { PollIntervalSelect } from '../../_components/controls/poll-interval-select';
import { TickerProvider } from '../../_state/ticker-context';
import { TickerTable } from '../../_components/ticker/ticker-table';
import type { TickerController } from '../../_state/ticker-controller';
import { ModeMeter } from './mode-meter';

/** What a lane without a poll interval does instead, in a line. */
const HOW_TICKS_COME: Readonly<Record<Exclude<TransportMode, 'polling'>, string>> = {
  socketio: 'Each tick is pushed as it is made, in a Socket.IO event',
  websocket: 'Each tick is pushed as it is made, a bare WebSocket frame',
  sse: 'Each tick is pushed as it is made, an event on one long response',
  longpolling: 'Each poll is held until a tick comes, then asked again',
};

/** Enough symbols to see prices move in every lane, few enough to read from the back of a room. */
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
          {/* The same slot in every lane, so their price lists line up across the room. */}
          {mode === 'polling' ? <PollIntervalSelect /> : <p className="push-note">{HOW_TICKS_COME[mode]}</p>}
        </div>
        <TickerTable limit={PANEL_SYMBOLS} />
        <ModeMeter mode={mode} />
      </section>
    </TickerProvider>
  );
}
