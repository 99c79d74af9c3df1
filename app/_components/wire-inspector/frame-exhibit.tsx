import { explainFrameHeader } from '@/lib/protocol/websocket-frame-legend';
import type { InspectedFrame } from '@/lib/protocol/wire-inspection';
import { ByteSize } from './byte-size';
import { WireText } from './wire-text';

const TITLES = { down: 'Server → browser', up: 'Browser → server' } as const;

/** One WebSocket frame: its header as hex boxes, each group explained beside its colour, then the payload. */
export function FrameExhibit({ direction, frame }: { direction: keyof typeof TITLES; frame: InspectedFrame }) {
  const legend = explainFrameHeader(frame.header);
  const headerBytes = legend?.header.length;
  return (
    <figure
      className="frame"
      data-direction={direction}
      data-header={frame.header}
      data-header-bytes={headerBytes ?? ''}
      data-payload-length={legend?.header.payloadLength ?? ''}
      data-payload-bytes={frame.payload.bytes}
    >
      <figcaption>
        {TITLES[direction]}{' '}
        <span className="wire-size">
          {headerBytes !== undefined && (
            <>
              header <ByteSize bytes={headerBytes} /> +{' '}
            </>
          )}
          payload <ByteSize bytes={frame.payload.bytes} />
        </span>
      </figcaption>
      {legend ? (
        <>
          <div className="hex-row" aria-label="Header bytes">
            {legend.parts.map((part) => (
              <span key={part.field} className={`hex-part ${part.field}`} data-field={part.field}>
                {part.bytes.map((byte, i) => (
                  <span key={i} className="hex-byte">
                    {byte}
                  </span>
                ))}
              </span>
            ))}
          </div>
          <ul className="hex-legend">
            {legend.parts.map((part) => (
              <li key={part.field} className={part.field}>
                <code>{part.bytes.join(' ')}</code> = {part.meaning}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="hex-row">
          <code>{frame.header}</code> (not a header this page can read)
        </p>
      )}
      <WireText title="Payload" excerpt={frame.payload} kind="data" />
    </figure>
  );
}
