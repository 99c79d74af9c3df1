import { formatDuration } from '@/lib/format/format-duration';
import type { EventStreamExchange } from '@/lib/protocol/wire-inspection';
import { ByteSize } from './byte-size';
import { CountedCheck } from './counted-check';
import { WireText } from './wire-text';

const utf8 = new TextEncoder();
const byteLength = (text: string) => utf8.encode(text).length;

/** The bytes of an event's `data:` values: what the event carries, the rest of its text being framing. */
function dataBytes(event: string): number {
  let bytes = 0;
  for (const line of event.split('\n')) {
    if (line.startsWith('data:')) bytes += byteLength(line.slice(line.startsWith('data: ') ? 6 : 5));
  }
  return bytes;
}

/**
 * A tab's latest event stream: every tick costs its event's framing and the chunk around it; the request
 * and the response head come once, when the stream opens.
 */
export function EventStreamExhibit({ exchange, current, serverTs }: { exchange: EventStreamExchange; current: boolean; serverTs: number }) {
  const { request, response, counted, lastEvent } = exchange;
  const data = lastEvent ? dataBytes(lastEvent.event.text) : 0;
  const chunkBytes = lastEvent ? byteLength(lastEvent.chunkHead) + byteLength(lastEvent.chunkTail) : 0;
  return (
    <div
      className="exhibit"
      data-request-bytes={request.bytes}
      data-response-bytes={response.bytes}
      data-counted-up={counted.up}
      data-counted-down={counted.down}
      data-event-bytes={lastEvent?.event.bytes ?? ''}
      data-chunk-bytes={lastEvent ? chunkBytes : ''}
    >
      {!current && <p className="exhibit-when muted small">The tab&apos;s last stream, closed since.</p>}
      <h4>Every tick: the last event, in its chunk</h4>
      {lastEvent ? (
        <>
          <p className="exhibit-when muted small">Written {formatDuration(serverTs - lastEvent.at)} before this read.</p>
          <p className="size-line">
            <span>
              chunk framing <ByteSize bytes={chunkBytes} /> + event <ByteSize bytes={lastEvent.event.bytes} /> = data <ByteSize bytes={data} />{' '}
              + event framing <ByteSize bytes={lastEvent.event.bytes - data} />
            </span>
          </p>
          <WireText
            title="Chunk head (size in hex)"
            excerpt={{ text: lastEvent.chunkHead, bytes: byteLength(lastEvent.chunkHead) }}
            kind="head"
          />
          <WireText title="Event" excerpt={lastEvent.event} kind="data" />
          <WireText title="Chunk end" excerpt={{ text: lastEvent.chunkTail, bytes: byteLength(lastEvent.chunkTail) }} kind="head" />
        </>
      ) : (
        <p className="empty">No event yet.</p>
      )}
      <h4>Once per stream: the request and the response head</h4>
      <p className="size-line">
        <span>
          request <ByteSize bytes={request.bytes} />;
        </span>{' '}
        <span>
          response head <ByteSize bytes={response.bytes} />
        </span>
      </p>
      <CountedCheck shown={{ up: request.bytes, down: response.bytes }} counted={counted} />
      <WireText title="Request head" excerpt={request} kind="head" />
      <WireText title="Response head" excerpt={response} kind="head" />
    </div>
  );
}
