import type { TransportMode } from '@/lib/protocol/transport-mode';
import { LongPollingTransport } from './long-polling-transport';
import { PollingTransport } from './polling-transport';
import { SocketIoTransport } from './socket-io-transport';
import { SseTransport } from './sse-transport';
import type { Transport } from './transport';
import { WebSocketTransport } from './websocket-transport';

export interface TransportSettings {
  /** The tab every connection names, so the server books its bytes to this view. */
  readonly tab: string;
  readonly pollIntervalMs: number;
}

/** The client of each mode: one file per transport, all behind the one interface. */
export function createTransport(mode: TransportMode, { tab, pollIntervalMs }: TransportSettings): Transport {
  switch (mode) {
    case 'socketio':
      return new SocketIoTransport(tab);
    case 'websocket':
      return new WebSocketTransport(tab);
    case 'sse':
      return new SseTransport(tab);
    case 'longpolling':
      return new LongPollingTransport(tab);
    case 'polling':
      return new PollingTransport(tab, pollIntervalMs);
  }
}
