/** The two ways prices reach a tab; the meter keeps a ledger for each. */
export const TRANSPORT_MODES = ['socketio', 'polling'] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

export const TRANSPORT_LABELS: Readonly<Record<TransportMode, string>> = {
  socketio: 'Socket.IO',
  polling: 'Polling',
};

/** Poll intervals a user can pick, in ms. */
export const POLL_INTERVALS_MS = [100, 250, 1000, 5000] as const;
export type PollIntervalMs = (typeof POLL_INTERVALS_MS)[number];
