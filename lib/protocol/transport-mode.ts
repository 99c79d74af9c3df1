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

/** A record with one entry per mode, made by `make`, in TRANSPORT_MODES order. */
export function perMode<T>(make: (mode: TransportMode) => T): Record<TransportMode, T> {
  return Object.fromEntries(TRANSPORT_MODES.map((mode) => [mode, make(mode)])) as Record<TransportMode, T>;
}

/** Poll intervals a user can pick, in ms. */
export const POLL_INTERVALS_MS = [100, 250, 1000, 5000] as const;
export type PollIntervalMs = (typeof POLL_INTERVALS_MS)[number];
