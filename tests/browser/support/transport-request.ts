import { LONG_POLL_PATH } from '../../../lib/protocol/long-poll-api';
import { POLL_PATH } from '../../../lib/protocol/poll-api';
import { SOCKET_PATH } from '../../../lib/protocol/socket-events';
import { SSE_PATH } from '../../../lib/protocol/sse-api';
import type { TransportMode } from '../../../lib/protocol/transport-mode';
import { WEBSOCKET_PATH } from '../../../lib/protocol/websocket-api';

/** What a request of a page's transport says of itself in its address. */
export interface TransportRequest {
  readonly mode: TransportMode;
  /** The tab it names, so the server books it there. */
  readonly tab: string;
  /** The position it asks to resume from, when it names one (Socket.IO names it in a message instead). */
  readonly from: { readonly epoch: number; readonly since: number } | null;
}

const PATHS: readonly (readonly [string, Exclude<TransportMode, 'socketio'>])[] = [
  [WEBSOCKET_PATH, 'websocket'],
  [SSE_PATH, 'sse'],
  [LONG_POLL_PATH, 'longpolling'],
  [POLL_PATH, 'polling'],
];

/**
 * Reads a request target or URL (`/api/sse?since=4&epoch=1&tab=…`) the way a reader of the wire would,
 * from its path and query alone: which transport it is, for which tab. Null for anything else, and for a
 * transport's request that names no tab (the server books those to no tab). Socket.IO counts only as
 * its WebSocket: the page never falls back to its HTTP long polling.
 */
export function transportRequest(target: string): TransportRequest | null {
  const url = new URL(target, 'http://request');
  const tab = url.searchParams.get('tab');
  if (!tab) return null;
  const since = url.searchParams.get('since');
  const epoch = url.searchParams.get('epoch');
  const from = since !== null && epoch !== null ? { epoch: Number(epoch), since: Number(since) } : null;
  if (url.pathname.startsWith(SOCKET_PATH) && url.searchParams.get('transport') === 'websocket') return { mode: 'socketio', tab, from: null };
  const mode = PATHS.find(([path]) => url.pathname === path)?.[1];
  return mode ? { mode, tab, from } : null;
}
