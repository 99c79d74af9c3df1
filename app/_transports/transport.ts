import type { FeedMessage } from '@/lib/protocol/feed-message';
import type { TransportMode } from '@/lib/protocol/transport-mode';

/**
 * `limited`: the server answers, but refused a poll as one too many (429) and asked the tab to wait.
 * `restarting`: reconnecting after the server said it was shutting down (see SHUTDOWN_EVENT).
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'limited' | 'restarting';

export interface ConnectionStatus {
  readonly state: ConnectionState;
  /** The transport actually carrying ticks, as the user should read it, e.g. "WebSocket". */
  readonly transport: string;
  readonly detail?: string;
}

/** Where the tab stands: the last tick it applied, in which epoch. */
export interface StreamPosition {
  readonly epoch: number;
  readonly since: number;
}

/** What a transport reports to; it knows nothing of the store, the meter or the other transport. */
export interface TransportSink {
  position(): StreamPosition | null;
  /** The market's tick interval, ms: how often news is due. */
  tickIntervalMs(): number;
  deliver(message: FeedMessage): void;
  status(status: ConnectionStatus): void;
}

/** One way of getting ticks to this tab. Adding a transport is a new file implementing this. */
export interface Transport {
  readonly mode: TransportMode;
  start(sink: TransportSink): void;
  /** Stops for good: closes connections and timers, delivers nothing more. */
  stop(): void;
}
