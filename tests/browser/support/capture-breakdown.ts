import type { BREAKDOWN_PARTS } from '../../../lib/meter/byte-breakdown';
import type { TransportMode } from '../../../lib/protocol/transport-mode';
import type { CaptureStretch } from './capture-ledger';
import { capturedFrameParts } from './captured-websocket-frames';

/** A mode's bytes split into the parts the meter's "Where the bytes go" shows, read off a capture. */
export type CapturedParts<M extends TransportMode> = { [P in (typeof BREAKDOWN_PARTS)[M][number]]: number };

/** A stretch's bytes one way: how many crossed the wire, and the plaintext among them, in order. */
interface OneWay {
  readonly wire: number;
  readonly plaintext: Buffer;
}

function oneWay(stretch: CaptureStretch, fromServer: boolean): OneWay {
  const segments = stretch.segments.filter((segment) => segment.fromServer === fromServer);
  return {
    wire: segments.reduce((sum, segment) => sum + segment.length, 0),
    plaintext: Buffer.concat(segments.map((segment) => segment.plaintext)),
  };
}

/** What TLS added both ways: handshakes, record headers and tags, alerts. 0 over plain TCP. */
const tlsBytes = (up: OneWay, down: OneWay) => up.wire - up.plaintext.length + (down.wire - down.plaintext.length);

/** Bytes of the HTTP head a message starts with: up to its blank line, or all of it if that never came. */
function headLength(message: Buffer): number {
  const blankLine = message.indexOf('\r\n\r\n');
  return blankLine < 0 ? message.length : blankLine + 4;
}

/**
 * Polling's parts, from the plaintext of each poll's stretch: what went up is the request (a GET has no
 * body), and what came down is the response, split where its head ends.
 */
export function capturedPollingParts(stretches: readonly CaptureStretch[]): CapturedParts<'polling'> {
  const parts = { requestHeaders: 0, responseHeaders: 0, bodies: 0, tls: 0 };
  for (const stretch of stretches) {
    if (stretch.ledger !== 'polling') continue;
    const up = oneWay(stretch, false);
    const down = oneWay(stretch, true);
    const head = headLength(down.plaintext);
    parts.requestHeaders += up.plaintext.length;
    parts.responseHeaders += head;
    parts.bodies += down.plaintext.length - head;
    parts.tls += tlsBytes(up, down);
  }
  return parts;
}

/**
 * Socket.IO's parts, from the plaintext of each WebSocket: the upgrade request and the 101 response,
 * then frames each way to the end of the connection.
 */
export function capturedSocketIoParts(stretches: readonly CaptureStretch[]): CapturedParts<'socketio'> {
  const parts = { handshake: 0, frameHeaders: 0, payload: 0, pings: 0, tls: 0 };
  for (const stretch of stretches) {
    if (stretch.ledger !== 'socketio') continue;
    const up = oneWay(stretch, false);
    const down = oneWay(stretch, true);
    const upgrade = headLength(up.plaintext);
    const switched = headLength(down.plaintext);
    parts.handshake += upgrade + switched;
    for (const frames of [up.plaintext.subarray(upgrade), down.plaintext.subarray(switched)].map(capturedFrameParts)) {
      parts.frameHeaders += frames.frameHeaders;
      parts.payload += frames.payload;
      parts.pings += frames.pings;
    }
    parts.tls += tlsBytes(up, down);
  }
  return parts;
}
