import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One TCP segment of a capture, as tshark dissected it. */
export interface CapturedSegment {
  /** Seconds since the epoch, the kernel's timestamp. */
  readonly time: number;
  /** tshark's index of the TCP connection. */
  readonly stream: number;
  readonly fromServer: boolean;
  /** TCP payload bytes the segment delivers: a retransmission's repeated bytes are not counted again. */
  readonly length: number;
  /**
   * What the segment hands to the application: over plain TCP the payload it delivers; over TLS the
   * decrypted content of the application-data records that end in it, so nothing for handshake records,
   * alerts, a segment in the middle of a record or a retransmission.
   */
  readonly plaintext: Buffer;
  /** Set on the segment that completes an HTTP request: its target, e.g. `/api/ticks?since=4`. */
  readonly requestTarget?: string;
}

export interface CaptureFileOptions {
  /** The server's port, which tells the two directions apart. */
  readonly port: number;
  /** An SSLKEYLOGFILE for tshark to decrypt TLS with, so the HTTP requests inside can be told apart and read. */
  readonly keyLogFile?: string | undefined;
}

/** Runs tshark over a capture file and returns one row of the fields asked for per frame. */
async function readFields(file: string, options: readonly string[], fields: readonly string[]): Promise<string[][]> {
  const { stdout } = await run('tshark', ['-r', file, ...options, '-T', 'fields', '-E', 'separator=/t', ...fields.flatMap((f) => ['-e', f])], {
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split('\t'));
}

/** A field of hex bytes; a frame with several occurrences (TLS records) lists them separated by commas. */
const hexBytes = (text: string) => Buffer.from(text.replaceAll(',', ''), 'hex');

/**
 * Tells how many of a segment's payload bytes are new to its direction of the connection. A busy machine
 * retransmits even on loopback; the receiving socket counts the repeated bytes once, and so does the
 * meter, so only bytes past the furthest sequence number seen that way count.
 */
class Delivered {
  readonly #ends = new Map<string, number>();

  bytes(direction: string, sequence: number, length: number): number {
    const end = sequence + length;
    const reached = this.#ends.get(direction) ?? sequence;
    this.#ends.set(direction, Math.max(reached, end));
    return Math.max(0, end - Math.max(sequence, reached));
  }
}

/** Every TCP segment in a capture file, in capture order, with the bytes it delivers. */
export async function readCaptureFile(file: string, options: CaptureFileOptions): Promise<CapturedSegment[]> {
  const { port, keyLogFile } = options;
  const keys = keyLogFile ? ['-o', `tls.keylog_file:${keyLogFile}`] : [];
  const dissected = ['frame.number', 'frame.time_epoch', 'tcp.stream', 'tcp.srcport', 'tcp.seq', 'tcp.len', 'http.request.uri'];
  const [segments, plaintexts] = await Promise.all([
    readFields(file, keys, dissected),
    // A second reading for the bytes themselves: over plain TCP each segment's payload, over TLS the
    // decrypted records. With HTTP's dissector on, those go to it and to the WebSocket dissector, which
    // keep no field of raw bytes; with it off, TLS hands each record whole to the generic data dissector.
    // That gives the same bytes, in the same order, as Wireshark's Follow TLS Stream (`-z follow,tls,raw`)
    // does for this app's traffic.
    readFields(file, [...keys, '--disable-protocol', 'http'], ['frame.number', keyLogFile ? 'data.data' : 'tcp.payload']),
  ]);
  const plaintextOf = new Map(plaintexts.map(([frame = '', hex = '']) => [frame, hexBytes(hex)]));
  const delivered = new Delivered();
  return segments.map(([frame = '', time = '', stream = '', sourcePort = '', sequence = '', length = '', target = '']) => {
    const fresh = delivered.bytes(`${stream}:${sourcePort}`, Number(sequence), Number(length));
    const payload = fresh > 0 ? (plaintextOf.get(frame) ?? Buffer.alloc(0)) : Buffer.alloc(0);
    return {
      time: Number(time),
      stream: Number(stream),
      fromServer: Number(sourcePort) === port,
      length: fresh,
      // Over plain TCP, a retransmission that repeats part of its payload delivers the rest, at its end.
      plaintext: keyLogFile ? payload : payload.subarray(payload.length - fresh),
      ...(target ? { requestTarget: target } : {}),
    };
  });
}
