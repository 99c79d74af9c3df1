'use client';

import { useId, useState } from 'react';
import { modesInUse } from '@/lib/meter/modes-in-use';
import { TRANSPORT_LABELS, type TransportMode } from '@/lib/protocol/transport-mode';
import type { WireInspection } from '@/lib/protocol/wire-inspection';
import { EventStreamExhibit } from './event-stream-exhibit';
import { PollExhibit } from './poll-exhibit';
import { useShownMeter, useTicker, useTickerController } from '../../_state/ticker-context';
import { useWireInspection } from './use-wire-inspection';
import { WebSocketExhibit } from './websocket-exhibit';

/**
 * The bytes behind the meter's figures, for pointing at: the 101 handshake, a frame header, a poll's
 * header lines against its body. Closed by default; it reads nothing until opened (see useWireInspection).
 */
export function WireInspector() {
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  return (
    <section className="card inspector" aria-label="Wire inspector">
      <div className="card-head">
        <h2>Wire inspector</h2>
        <span className="muted small">this tab&apos;s last exchange in each mode it used, byte for byte, as the server saw it</span>
        <button
          type="button"
          className="button accent inspector-toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen((was) => !was)}
        >
          {open ? 'Hide the bytes' : 'Show the bytes'}
        </button>
      </div>
      {open && <InspectorBody id={bodyId} />}
    </section>
  );
}

function InspectorBody({ id }: { id: string }) {
  const controller = useTickerController();
  const mode = useTicker((s) => s.mode);
  const shown = modesInUse(useShownMeter(), mode);
  const [paused, setPaused] = useState(false);
  const { inspection, error } = useWireInspection(controller.tab, !paused);
  const status = paused
    ? 'Paused: this exchange stays on screen.'
    : error
      ? `Could not read the bytes (${error}); trying again.`
      : 'Refreshed every second. Reading costs a little, booked to the meter overhead, not to any mode.';

  return (
    <div id={id} className="inspector-body" data-paused={paused}>
      <div className="inspector-bar">
        <button type="button" className="button accent inspector-pause" onClick={() => setPaused((was) => !was)}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <span className="muted small" role="status">
          {status}
        </span>
      </div>
      <div className="inspector-modes">
        {shown.map((m) => (
          <section
            key={m}
            className={m === mode ? 'inspector-mode active' : 'inspector-mode'}
            aria-label={`${TRANSPORT_LABELS[m]} bytes`}
            data-mode={m}
          >
            <h3>
              {TRANSPORT_LABELS[m]}
              {m === mode && <span className="badge">active</span>}
            </h3>
            <ModeExhibit mode={m} active={m === mode} inspection={inspection} />
          </section>
        ))}
      </div>
    </div>
  );
}

/** What each mode waits for before it has anything to show. */
const WAITING: Readonly<Record<TransportMode, string>> = {
  socketio: 'Waiting for the WebSocket to open…',
  websocket: 'Waiting for the WebSocket to open…',
  sse: 'Waiting for the stream to open…',
  // The server keeps a tab's polls only once the tab has been inspected, so the first look has none.
  longpolling: 'Waiting for the next long poll to be answered…',
  polling: 'Waiting for the next poll…',
};

function ModeExhibit({ mode, active, inspection }: { mode: TransportMode; active: boolean; inspection: WireInspection | null }) {
  if (!inspection) return <p className="empty">Reading…</p>;
  const { serverTs } = inspection;
  const none = <p className="empty">{active ? WAITING[mode] : `Nothing kept: switch to ${TRANSPORT_LABELS[mode]} to see its bytes.`}</p>;
  switch (mode) {
    case 'socketio':
    case 'websocket': {
      const exchange = inspection[mode];
      return exchange ? <WebSocketExhibit exchange={exchange} current={active} /> : none;
    }
    case 'sse':
      return inspection.sse ? <EventStreamExhibit exchange={inspection.sse} current={active} serverTs={serverTs} /> : none;
    case 'longpolling':
      return inspection.longpolling ? (
        <PollExhibit poll={inspection.longpolling} serverTs={serverTs} heldMs={inspection.longpolling.heldMs} />
      ) : (
        none
      );
    case 'polling':
      return inspection.polling ? <PollExhibit poll={inspection.polling} serverTs={serverTs} /> : none;
  }
}
