import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/** Bytes one proxied connection carried, counted as they crossed the proxy. */
export interface CountedConnection {
  /** Client to server. */
  up: number;
  /** Server to client. */
  down: number;
  closed: boolean;
}

export interface CountingProxy {
  /** http://127.0.0.1:<port> of the proxy. */
  readonly url: string;
  /** One entry per accepted connection, in the order they were opened. */
  readonly connections: readonly CountedConnection[];
}

/**
 * A loopback TCP relay in front of the server that counts the bytes it forwards each way. Any client
 * (socket.io-client, fetch) can go through it unchanged, so its figures are independent of the server's
 * own counters. Closed when the current test finishes.
 */
export async function startCountingProxy(targetPort: number): Promise<CountingProxy> {
  const connections: CountedConnection[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const counted: CountedConnection = { up: 0, down: 0, closed: false };
    connections.push(counted);
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on('close', () => {
        sockets.delete(socket);
        if (client.destroyed && upstream.destroyed) counted.closed = true;
      });
    }
    client.on('data', (chunk: Buffer) => (counted.up += chunk.length));
    upstream.on('data', (chunk: Buffer) => (counted.down += chunk.length));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, connections };
}
