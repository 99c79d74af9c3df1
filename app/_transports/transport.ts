import type { FeedMessage } from '@/lib/protocol/feed-message';
import type { TransportMode } from '@/lib/protocol/transport-mode';
import type { ConnectionStatus } from '../_state/ticker-store';

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
