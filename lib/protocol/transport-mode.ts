/**
 * The ways prices reach a tab, in the order they are offered on screen: the meter keeps a ledger for each.
 * Socket.IO and a plain WebSocket push over one upgraded connection; Server-Sent Events push over one
 * long HTTP response; long polling and polling ask, one request per answer.
 */
export const TRANSPORT_MODES = ['socketio', 'websocket', 'sse', 'longpolling', 'polling'] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

export const TRANSPORT_LABELS: Readonly<Record<TransportMode, string>> = {
  socketio: 'Socket.IO',
  websocket: 'WebSocket',
  sse: 'Server-Sent Events',
  longpolling: 'Long polling',
  polling: 'Polling',
};

/**
 * How news reaches the tab: pushed by the server over a connection it keeps open (`push`), or answered
 * to a request the tab makes (`pull`; a long poll is a request the server waits to answer).
 */
export const TRANSPORT_DELIVERY: Readonly<Record<TransportMode, 'push' | 'pull'>> = {
  socketio: 'push',
  websocket: 'push',
  sse: 'push',
  longpolling: 'pull',
  polling: 'pull',
};

/** The modes named in a comma-separated list (`?lanes=socketio,polling`), in TRANSPORT_MODES order; unknown names are dropped. */
export function parseModeList(text: string): TransportMode[] {
  const named = new Set(text.split(','));
  return TRANSPORT_MODES.filter((mode) => named.has(mode));
}

/** A record with one entry per mode, made by `make`, in TRANSPORT_MODES order. */
export function perMode<T>(make: (mode: TransportMode) => T): Record<TransportMode, T> {
  return Object.fromEntries(TRANSPORT_MODES.map((mode) => [mode, make(mode)])) as Record<TransportMode, T>;
}

/** Poll intervals a user can pick, in ms. */
export const POLL_INTERVALS_MS = [100, 250, 1000, 5000] as const;
export type PollIntervalMs = (typeof POLL_INTERVALS_MS)[number];
