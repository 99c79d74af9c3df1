import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A loopback TCP relay in front of a server that a test can break the way networks break. */
export interface LinkSwitch {
  /** http://127.0.0.1:<port>: what clients connect to; it stays the same when the server behind it changes. */
  readonly url: string;
  /** The server's port behind the link, from the next connection on (a restarted server on another port). */
  retarget(port: number): void;
  /** A pulled cable the client notices: every connection reset, new ones reset at once, until restore(). */
  cut(): void;
  /** A pulled cable the client does not notice: connections stay open but nothing crosses, until restore(). */
  stall(): void;
  /** The link works again; what was held during a stall crosses now, as TCP would retransmit it. */
  restore(): void;
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
}

export async function startLinkSwitch(targetPort: number): Promise<LinkSwitch> {
  let target = targetPort;
  let state: 'up' | 'cut' | 'stalled' = 'up';
  const pairs = new Set<Pair>();
  const join = ({ client, upstream }: Pair) => {
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const part = ({ client, upstream }: Pair) => {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  };
  const server = createServer((client) => {
    if (state === 'cut') {
      client.resetAndDestroy();
      return;
    }
    const pair: Pair = { client, upstream: connect({ host: '127.0.0.1', port: target }) };
    pairs.add(pair);
    for (const socket of [pair.client, pair.upstream]) {
      socket.on('error', () => {
        pair.client.destroy();
        pair.upstream.destroy();
      });
      socket.on('close', () => {
        pair.client.destroy();
        pair.upstream.destroy();
        pairs.delete(pair);
      });
    }
    if (state === 'up') join(pair);
    else part(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    retarget(port) {
      target = port;
    },
    cut() {
      state = 'cut';
      for (const { client, upstream } of pairs) {
        client.resetAndDestroy();
        upstream.destroy();
      }
    },
    stall() {
      state = 'stalled';
      for (const pair of pairs) part(pair);
    },
    restore() {
      const wasStalled = state === 'stalled';
      state = 'up';
      if (wasStalled) for (const pair of pairs) join(pair);
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
