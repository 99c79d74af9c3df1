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
 * Polling's or long polling's parts, from the plaintext of each poll's stretch: what went up is the
 * request (a GET has no body), and what came down is the response, split where its head ends.
 */
export function capturedPollingParts(stretches: readonly CaptureStretch[], mode: 'polling' | 'longpolling'): CapturedParts<'polling'> {
  const parts = { requestHeaders: 0, responseHeaders: 0, bodies: 0, tls: 0 };
  for (const stretch of stretches) {
    if (stretch.ledger !== mode) continue;
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
 * Socket.IO's or the plain WebSocket's parts, from the plaintext of each WebSocket: the upgrade request
 * and the 101 response, then frames each way to the end of the connection.
 */
export function capturedWebSocketParts(stretches: readonly CaptureStretch[], mode: 'socketio' | 'websocket'): CapturedParts<'socketio'> {
  const parts = { handshake: 0, frameHeaders: 0, payload: 0, pings: 0, tls: 0 };
  for (const stretch of stretches) {
    if (stretch.ledger !== mode) continue;
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

/**
 * Undoes HTTP/1.1 chunked encoding (RFC 9112 §7.1) as far as the bytes go: the body's content, and how
 * many bytes the chunk sizes, their line ends and the end of the body took. A stream cut short ends inside
 * a chunk; what of it arrived is content.
 */
function dechunk(body: Buffer): { readonly content: Buffer; readonly framing: number } {
  const pieces: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(body.subarray(at, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isInteger(size)) throw new Error(`a chunk size that is not hex at byte ${at} of the body`);
    const start = lineEnd + 2;
    pieces.push(body.subarray(start, Math.min(start + size, body.length)));
    // The last chunk (size 0) is followed by the blank line that ends the body.
    at = start + size + 2;
  }
  const content = Buffer.concat(pieces);
  return { content, framing: body.length - content.length };
}

/** The bytes the `data:` lines of an event stream carry (RFC: one space after the colon is not data). */
function eventData(stream: string): number {
  let bytes = 0;
  for (const line of stream.split(/\r\n|\r|\n/)) {
    if (line.startsWith('data:')) bytes += Buffer.byteLength(line.slice(line.startsWith('data: ') ? 6 : 5));
  }
  return bytes;
}

/**
 * Server-Sent Events' parts, from the plaintext of each stream: the request up, and down the response
 * head, then its chunked body, whose chunk framing comes off first; what remains is the event stream, of
 * which the values of its `data:` lines are data and everything else event framing.
 */
export function capturedSseParts(stretches: readonly CaptureStretch[]): CapturedParts<'sse'> {
  const parts = { requestHeaders: 0, responseHeaders: 0, chunkFraming: 0, eventFraming: 0, data: 0, tls: 0 };
  for (const stretch of stretches) {
    if (stretch.ledger !== 'sse') continue;
    const up = oneWay(stretch, false);
    const down = oneWay(stretch, true);
    const head = headLength(down.plaintext);
    const { content, framing } = dechunk(down.plaintext.subarray(head));
    const data = eventData(content.toString('utf8'));
    parts.requestHeaders += up.plaintext.length;
    parts.responseHeaders += head;
    parts.chunkFraming += framing;
    parts.data += data;
    parts.eventFraming += content.length - data;
    parts.tls += tlsBytes(up, down);
  }
  return parts;
}
