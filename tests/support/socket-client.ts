import { randomUUID } from 'node:crypto';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { onTestFinished } from 'vitest';
import { TICK_EVENT, type ClientToServerEvents, type ServerToClientEvents } from '../../lib/protocol/socket-events';
import type { WireTick } from '../../lib/protocol/tick-codec';

export type TickerClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A fresh, valid tab id, so no two tests share a ledger account. */
export function newTabId(): string {
  return `tab-${randomUUID()}`;
}

/**
 * A real socket.io-client, WebSocket only and without reconnection (a test wants to see the first
 * failure, not a retry), disconnected when the current test finishes.
 */
export function openClient(url: string, options: Partial<ManagerOptions & SocketOptions> = {}): TickerClient {
  const client: TickerClient = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...options });
  onTestFinished(() => {
    client.disconnect();
  });
  return client;
}

/** Resolves once the client is connected; rejects with the server's reason when it is refused. */
export function connected(client: TickerClient): Promise<void> {
  return new Promise((resolve, reject) => {
    if (client.connected) return resolve();
    client.once('connect', () => resolve());
    client.once('connect_error', reject);
  });
}

/** Connects a client for `tab` and waits for the connection. */
export async function connectClient(url: string, tab: string): Promise<TickerClient> {
  const client = openClient(url, { query: { tab } });
  await connected(client);
  return client;
}

/** The next `count` live ticks the client receives, as decoded wire arrays. */
export function nextTicks(client: TickerClient, count: number): Promise<WireTick[]> {
  return new Promise((resolve) => {
    const ticks: WireTick[] = [];
    const onTick = (tick: WireTick) => {
      ticks.push(tick);
      if (ticks.length < count) return;
      client.off(TICK_EVENT, onTick);
      resolve(ticks);
    };
    client.on(TICK_EVENT, onTick);
  });
}

/** The raw text of every Engine.IO message the client receives from now on, as it arrived. */
export function recordMessages(client: TickerClient): string[] {
  const messages: string[] = [];
  client.io.engine.on('packet', (packet) => {
    if (packet.type === 'message' && typeof packet.data === 'string') messages.push(packet.data);
  });
  return messages;
}
