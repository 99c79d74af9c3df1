import type { WebSocketExchange } from '@/lib/protocol/wire-inspection';
import { ByteSize } from './byte-size';
import { CountedCheck } from './counted-check';
import { FrameExhibit } from './frame-exhibit';
import { WireText } from './wire-text';

/** A tab's latest WebSocket: what each message costs on top of its payload, then the one-off handshake. */
export function WebSocketExhibit({ exchange, current }: { exchange: WebSocketExchange; current: boolean }) {
  const { handshake, lastDown, lastUp } = exchange;
  return (
    <div
      className="exhibit"
      data-request-bytes={handshake.request.bytes}
      data-response-bytes={handshake.response.bytes}
      data-counted-up={handshake.counted.up}
      data-counted-down={handshake.counted.down}
    >
      {!current && <p className="exhibit-when muted small">The tab&apos;s last WebSocket, closed since.</p>}
      <h4>Every message: the last frame each way</h4>
      <p className="muted small">
        A frame header is 2 bytes for payloads under 126 bytes, 4 up to 65,535, plus 4 bytes of mask on frames from the browser.
      </p>
      {lastDown ? <FrameExhibit direction="down" frame={lastDown} /> : <p className="empty">No frame from the server yet.</p>}
      {lastUp ? <FrameExhibit direction="up" frame={lastUp} /> : <p className="empty">No frame from the browser yet.</p>}
      <h4>Once per connection: the handshake</h4>
      <p className="size-line">
        <span>
          upgrade request <ByteSize bytes={handshake.request.bytes} />;
        </span>{' '}
        <span>
          101 response <ByteSize bytes={handshake.response.bytes} />
        </span>
      </p>
      <CountedCheck shown={{ up: handshake.request.bytes, down: handshake.response.bytes }} counted={handshake.counted} />
      <WireText title="Upgrade request" excerpt={handshake.request} kind="head" />
      <WireText title="101 response" excerpt={handshake.response} kind="head" />
    </div>
  );
}
