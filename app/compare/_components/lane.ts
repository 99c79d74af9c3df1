import type { TransportMode } from '@/lib/protocol/transport-mode';
import type { TickerController } from '../../_state/ticker-controller';
import type { TrafficRecorder } from './traffic-recorder';

/** One lane of the comparison: a mode's own view of the market, and the recorder of its last minute. */
export interface Lane {
  readonly mode: TransportMode;
  readonly controller: TickerController;
  readonly recorder: TrafficRecorder;
}
