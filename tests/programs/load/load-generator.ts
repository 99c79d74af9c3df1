import { perMode, TRANSPORT_MODES, type TransportMode } from '../../../lib/protocol/transport-mode';
import { ModeTally } from './mode-tally';
import { LONG_POLLING, pollEvery, PollingViewer } from './polling-viewer';
import { SocketIoViewer } from './socket-io-viewer';
import { SseViewer } from './sse-viewer';
import { PlainWebSocketViewer } from './websocket-viewer';

export interface LoadPlan {
  /** The server, http on a loopback host (see load-options.ts). */
  readonly url: URL;
  /** How many viewers of each mode. */
  readonly viewers: Readonly<Record<TransportMode, number>>;
  /** The polling viewers' interval; long pollers ask again as soon as they are answered. */
  readonly intervalMs: number;
  readonly durationMs: number;
  /** Viewers opened at once; the next batch waits until this one has connected or failed. */
  readonly batch: number;
  /**
   * Makes each plain WebSocket viewer; a viewer of this server's WEBSOCKET_PATH by default. Benchmarks put
   * a baseline server's viewer here (raw `ws`) and keep everything else, its tally included.
   */
  readonly webSocketViewer?: (url: URL, tally: ModeTally) => LoadViewer;
}

export type LoadTallies = Readonly<Record<TransportMode, ModeTally>>;

export interface LoadRun {
  readonly tallies: LoadTallies;
  readonly elapsedMs: number;
  /** Stopped by the signal before the duration was up. */
  readonly interrupted: boolean;
}

export interface LoadHooks {
  /** Called once, before the first viewer opens, with the tallies the viewers will write into. */
  readonly onStart?: (tallies: LoadTallies) => void;
  /** Aborting stops the run early; it still closes every viewer and returns its figures. */
  readonly signal?: AbortSignal;
  /** Called once a second while the run lasts, after which each mode's last-second latency starts over. */
  readonly onSecond?: (tallies: LoadTallies, elapsedMs: number) => void;
}

export interface LoadViewer {
  /** Resolves true once the viewer receives ticks, false once that failed or stop() cut it short. */
  connect(): Promise<boolean>;
  stop(): Promise<void>;
}

/** A count for each mode: the ones given, and 0 for the rest. */
export function viewerCounts(counts: Readonly<Partial<Record<TransportMode, number>>>): Record<TransportMode, number> {
  return perMode((mode) => counts[mode] ?? 0);
}

const plainWebSocketViewer = (url: URL, tally: ModeTally): LoadViewer => new PlainWebSocketViewer(url, tally);

/**
 * Adds the plan's viewers to a running server, in batches so its accept queue copes, keeps them until the
 * duration is up or the signal aborts, then closes every one of them and returns what they saw.
 */
export async function runLoad(plan: LoadPlan, hooks: LoadHooks = {}): Promise<LoadRun> {
  const tallies: LoadTallies = perMode((mode) => new ModeTally(mode, plan.viewers[mode]));
  const viewerOf: Readonly<Record<TransportMode, () => LoadViewer>> = {
    socketio: () => new SocketIoViewer(plan.url, tallies.socketio),
    websocket: () => (plan.webSocketViewer ?? plainWebSocketViewer)(plan.url, tallies.websocket),
    sse: () => new SseViewer(plan.url, tallies.sse),
    longpolling: () => new PollingViewer(plan.url, tallies.longpolling, LONG_POLLING),
    polling: () => new PollingViewer(plan.url, tallies.polling, pollEvery(plan.intervalMs)),
  };
  hooks.onStart?.(tallies);
  const started = performance.now();
  const viewers: LoadViewer[] = [];
  let stopping = false;

  const ramp = async (count: number, open: () => LoadViewer) => {
    for (let opened = 0; opened < count && !stopping;) {
      const batch: LoadViewer[] = [];
      for (; batch.length < plan.batch && opened < count; opened++) batch.push(open());
      viewers.push(...batch);
      await Promise.all(batch.map((viewer) => viewer.connect()));
    }
  };

  const second = setInterval(() => {
    hooks.onSecond?.(tallies, performance.now() - started);
    for (const mode of TRANSPORT_MODES) tallies[mode].latencyThisSecond.reset();
  }, 1000);

  const ramps = Promise.all(TRANSPORT_MODES.map((mode) => ramp(plan.viewers[mode], viewerOf[mode])));

  const interrupted = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), plan.durationMs);
    const abort = () => {
      clearTimeout(timer);
      resolve(true);
    };
    if (hooks.signal?.aborted) abort();
    else hooks.signal?.addEventListener('abort', abort, { once: true });
  });

  stopping = true;
  clearInterval(second);
  const elapsedMs = performance.now() - started;
  // Viewers still connecting are stopped too, so the ramps end with them.
  await Promise.all(viewers.map((viewer) => viewer.stop()));
  await ramps;
  return { tallies, elapsedMs, interrupted };
}
