'use client';

import { useId, useState } from 'react';
import { TRANSPORT_LABELS, TRANSPORT_MODES, type TransportMode } from '@/lib/protocol/transport-mode';
import type { WireInspection } from '@/lib/protocol/wire-inspection';
import { PollExhibit } from './poll-exhibit';
import { useTicker, useTickerController } from '../../_state/ticker-context';
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
        <span className="muted small">this tab&apos;s last poll and WebSocket, byte for byte, as the server saw them</span>
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
  const [paused, setPaused] = useState(false);
  const { inspection, error } = useWireInspection(controller.tab, !paused);
  const status = paused
    ? 'Paused: this exchange stays on screen.'
    : error
      ? `Could not read the bytes (${error}); trying again.`
      : 'Refreshed every second. Reading costs a little, booked to the meter overhead, not to either mode.';

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
        {TRANSPORT_MODES.map((m) => (
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

function ModeExhibit({ mode, active, inspection }: { mode: TransportMode; active: boolean; inspection: WireInspection | null }) {
  if (!inspection) return <p className="empty">Reading…</p>;
  if (mode === 'polling') {
    if (inspection.polling) return <PollExhibit poll={inspection.polling} serverTs={inspection.serverTs} />;
    // The server keeps a tab's polls only once the tab has been inspected, so the first look has none.
    return <p className="empty">{active ? 'Waiting for the next poll…' : 'Nothing yet: switch to polling to see a poll.'}</p>;
  }
  if (inspection.socketio) return <WebSocketExhibit exchange={inspection.socketio} current={active} />;
  return (
    <p className="empty">
      {active ? 'Waiting for the WebSocket to open…' : 'Nothing yet: switch to Socket.IO to see its handshake and frames.'}
    </p>
  );
}
