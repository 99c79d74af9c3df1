import type { Server, Socket } from 'node:net';

/** Bytes a server's TCP connections carried, both directions: TCP payload, as Node's sockets count it. */
export interface ConnectionTotals {
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** Connections accepted so far, open or closed. */
  readonly accepted: number;
}

/**
 * Adds up what every connection of a server read and wrote, the closed ones and the open ones, so a
 * benchmark can take the server's bytes per second between two samples whatever the transport.
 */
export class ConnectionBytes {
  readonly #open = new Set<Socket>();
  #closedIn = 0;
  #closedOut = 0;
  #accepted = 0;

  watch(server: Server): void {
    server.on('connection', (socket: Socket) => {
      this.#accepted += 1;
      this.#open.add(socket);
      socket.once('close', () => {
        this.#open.delete(socket);
        this.#closedIn += socket.bytesRead;
        this.#closedOut += socket.bytesWritten;
      });
    });
  }

  totals(): ConnectionTotals {
    let bytesIn = this.#closedIn;
    let bytesOut = this.#closedOut;
    for (const socket of this.#open) {
      bytesIn += socket.bytesRead;
      bytesOut += socket.bytesWritten;
    }
    return { bytesIn, bytesOut, accepted: this.#accepted };
  }
}
