import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { StoreApi } from 'zustand';
import { TrafficHistory, trafficReading, type MinuteFigures, type TrafficReading } from '@/lib/meter/traffic-history';
import type { TransportMode } from '@/lib/protocol/transport-mode';
import type { TickerState } from '../../_state/ticker-store';
import type { TickerController } from '../../_state/ticker-controller';
import { WhileWatched } from '../../_state/while-watched';

export interface TrafficSnapshot {
  readonly mode: TransportMode;
  readonly readings: readonly TrafficReading[];
  readonly minute: MinuteFigures | null;
}

/**
 * Keeps the last minute of one view's meter readings for one mode while someone watches it: it listens to
 * the view's store only between the first subscribe and the last unsubscribe, so it lives and dies with
 * the components that show it. A new snapshot per meter report, not per tick.
 */
export class TrafficRecorder {
  readonly #history = new TrafficHistory();
  readonly #watched = new WhileWatched({
    start: () => {
      this.#stopListening = this.#store.subscribe(this.#onState);
    },
    stop: () => {
      this.#stopListening?.();
      this.#stopListening = null;
    },
  });
  readonly #store: StoreApi<TickerState>;
  readonly #mode: TransportMode;
  #snapshot: TrafficSnapshot;
  #stopListening: (() => void) | null = null;
  /** The poll interval changed since the last reading: the next one starts a new minute. */
  #intervalChanged = false;
  /** Hidden time the meter had counted at the last reading. */
  #hiddenMs = 0;

  constructor(controller: TickerController, mode: TransportMode) {
    this.#store = controller.store.state;
    this.#mode = mode;
    this.#snapshot = { mode, readings: [], minute: null };
  }

  readonly subscribe = (listener: () => void): (() => void) => this.#watched.watch(listener);

  readonly getSnapshot = (): TrafficSnapshot => this.#snapshot;

  readonly #onState = (state: TickerState, previous: TickerState): void => {
    if (state.pollIntervalMs !== previous.pollIntervalMs) this.#intervalChanged = true;
    const { meter } = state;
    if (meter === previous.meter || meter.reportedAt === null) return;
    // A minute partly hidden would show the browser's throttling, not the transport (see MeterTracker).
    const hiddenChanged = meter.hidden.now || meter.hidden.totalMs !== this.#hiddenMs;
    this.#history.record(trafficReading(meter.modes[this.#mode], meter.reportedAt), {
      restartMinute: this.#intervalChanged || hiddenChanged,
    });
    this.#intervalChanged = false;
    this.#hiddenMs = meter.hidden.totalMs;
    this.#snapshot = { mode: this.#mode, readings: this.#history.readings(), minute: this.#history.perMinute() };
    this.#watched.changed();
  };
}

/**
 * The latest snapshot of each recorder, in their order; the component re-renders once per meter report of
 * any of their views. `recorders` must be the same array from render to render while the lanes stay the same.
 */
export function useTraffic(recorders: readonly TrafficRecorder[]): readonly TrafficSnapshot[] {
  const latest = useRef<readonly TrafficSnapshot[]>([]);
  const subscribe = useCallback(
    (listener: () => void) => {
      const unsubscribes = recorders.map((recorder) => recorder.subscribe(listener));
      return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
    },
    [recorders],
  );
  // The same array until one of the snapshots changes, as useSyncExternalStore requires.
  const getSnapshot = useCallback(() => {
    const next = recorders.map((recorder) => recorder.getSnapshot());
    const previous = latest.current;
    if (next.length === previous.length && next.every((snapshot, i) => snapshot === previous[i])) return previous;
    latest.current = next;
    return next;
  }, [recorders]);
  // The server renders the empty snapshots the recorders start with.
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
