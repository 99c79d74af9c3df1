import type { Server as NetServer, Socket } from 'node:net';
import { addressKey } from './client-address';

/** How long a connection over the cap may take to send the request it is refused on, before it is dropped. */
const OVER_CAP_GRACE_MS = 5000;

const peerOf = (socket: Socket) => `${socket.remoteAddress ?? ''}|${socket.remotePort ?? ''}`;

export interface ConnectionCapOptions {
  /** Open connections one address may hold. */
  readonly max: number;
  /** Whether the cap applies to a peer at this address (loopback may be exempt). */
  readonly applies: (address: string) => boolean;
}

/**
 * Counts each address's open TCP connections. One past the cap is not reset at once, which a client
 * would see as a bare network error: it is kept just long enough to answer its first request with a
 * refusal (an HTTP answer, or a refused Socket.IO handshake), and dropped if none comes in time.
 */
export class ConnectionCap {
  readonly #open = new Map<string, number>();
  /** Peers (address and port, the same on a TLS socket as on the TCP one under it) over the cap. */
  readonly #over = new Set<string>();
  readonly #options: ConnectionCapOptions;

  constructor(options: ConnectionCapOptions) {
    this.#options = options;
  }

  watch(server: NetServer): void {
    server.on('connection', (socket: Socket) => {
      const address = socket.remoteAddress;
      if (address === undefined || !this.#options.applies(address)) return;
      const key = addressKey(address);
      const open = (this.#open.get(key) ?? 0) + 1;
      this.#open.set(key, open);
      const peer = peerOf(socket);
      let fuse: NodeJS.Timeout | undefined;
      if (open > this.#options.max) {
        this.#over.add(peer);
        fuse = setTimeout(() => socket.destroy(), OVER_CAP_GRACE_MS).unref();
      }
      socket.once('close', () => {
        clearTimeout(fuse);
        this.#over.delete(peer);
        const left = (this.#open.get(key) ?? 1) - 1;
        if (left === 0) this.#open.delete(key);
        else this.#open.set(key, left);
      });
    });
  }

  /** Whether this socket (or the TLS socket over it) is a connection past its address's cap. */
  refuses(socket: Socket): boolean {
    return this.#over.size > 0 && this.#over.has(peerOf(socket));
  }
}
