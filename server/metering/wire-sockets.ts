import type { Server as NetServer, Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

/**
 * TLS 1.3 adds 22 bytes to every record: a 5-byte header, the inner content type (1) and the AEAD tag
 * (16 for every suite Node enables by default). A write of up to 16 KiB is one record. The server
 * allows TLS 1.3 only, so this holds for every TLS connection it has.
 */
const TLS13_RECORD_OVERHEAD = 22;

const keyOf = (socket: Socket) => `${socket.remoteAddress ?? ''}|${socket.remotePort ?? ''}`;

/**
 * The server's TCP connections: what they all carried, and the one under a socket. Over plain HTTP a
 * request's socket is the TCP connection; over TLS it is a TLSSocket whose byte counts are plaintext,
 * while the wire carries records, a handshake and alerts. The server's 'connection' event hands over the
 * TCP socket before TLS wraps it, and the peer's address and port tell which TLSSocket it belongs to.
 */
export class WireSockets {
  readonly #tcp = new Map<string, Socket>();
  /**
   * Each TLSSocket's TCP socket, from its handshake on. A request can be settled after its connection has
   * closed (a client that gives up on a held long poll), when the address no longer finds the TCP socket;
   * its plaintext counters would then be taken for the wire's, from a mark of zero.
   */
  readonly #under = new WeakMap<Socket, Socket>();
  /** What the connections that have closed carried, so the server's totals never go down. */
  #closedRead = 0;
  #closedWritten = 0;

  watch(server: NetServer): void {
    server.on('connection', (socket: Socket) => {
      const key = keyOf(socket);
      this.#tcp.set(key, socket);
      socket.once('close', () => {
        this.#closedRead += socket.bytesRead;
        this.#closedWritten += socket.bytesWritten;
        if (this.#tcp.get(key) === socket) this.#tcp.delete(key);
      });
    });
    // A TLS server's: the TCP socket came first, and is still open.
    server.on('secureConnection', (socket: TLSSocket) => this.of(socket));
  }

  /**
   * Every byte of TCP payload the server's connections have carried since it started, open ones to this
   * moment, and how many are open. Reads every open socket: meant for once a second, not per request.
   */
  totals(): { readonly bytesIn: number; readonly bytesOut: number; readonly open: number } {
    let bytesIn = this.#closedRead;
    let bytesOut = this.#closedWritten;
    for (const socket of this.#tcp.values()) {
      bytesIn += socket.bytesRead;
      bytesOut += socket.bytesWritten;
    }
    return { bytesIn, bytesOut, open: this.#tcp.size };
  }

  /** Ends every connection still open at once, whatever it is doing; returns how many there were. */
  destroyAll(): number {
    let open = 0;
    for (const socket of this.#tcp.values()) {
      // One that has just closed may not have said so yet.
      if (socket.destroyed) continue;
      socket.destroy();
      open += 1;
    }
    return open;
  }

  /** The TCP socket whose bytes are what crossed the wire for this socket's traffic. */
  of(socket: Socket): Socket {
    if (!(socket instanceof TLSSocket)) return socket;
    const known = this.#under.get(socket);
    if (known) return known;
    const tcp = this.#tcp.get(keyOf(socket));
    if (!tcp) return socket;
    this.#under.set(socket, tcp);
    return tcp;
  }

  /** Bytes a single write of up to 16 KiB adds on the wire beyond its own, on this socket. */
  static writeOverhead(socket: Socket): number {
    return socket instanceof TLSSocket ? TLS13_RECORD_OVERHEAD : 0;
  }
}
