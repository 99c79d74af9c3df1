import type { LoadMode } from './load-modes';
import { ModeTally } from './mode-tally';
import { PollingViewer } from './polling-viewer';
import { SocketIoViewer } from './socket-io-viewer';

export interface LoadPlan {
  /** The server, http on a loopback host (see load-options.ts). */
  readonly url: URL;
  readonly socketio: number;
  readonly pollers: number;
  readonly intervalMs: number;
  readonly durationMs: number;
  /** Viewers opened at once; the next batch waits until this one has connected or failed. */
  readonly batch: number;
  /**
   * Makes each WebSocket viewer; a Socket.IO viewer by default. Benchmarks put another WebSocket
   * protocol's viewer here (a raw `ws` baseline) and keep everything else, its tally included.
   */
  readonly webSocketViewer?: (url: URL, tally: ModeTally) => LoadViewer;
}

export type LoadTallies = Readonly<Record<LoadMode, ModeTally>>;

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

const socketIoViewer = (url: URL, tally: ModeTally): LoadViewer => new SocketIoViewer(url, tally);

/**
 * Adds the plan's viewers to a running server, in batches so its accept queue copes, keeps them until the
 * duration is up or the signal aborts, then closes every one of them and returns what they saw.
 */
export async function runLoad(plan: LoadPlan, hooks: LoadHooks = {}): Promise<LoadRun> {
  const tallies: LoadTallies = {
    socketio: new ModeTally('socketio', plan.socketio),
    polling: new ModeTally('polling', plan.pollers),
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
    tallies.socketio.latencyThisSecond.reset();
    tallies.polling.latencyThisSecond.reset();
  }, 1000);

  const ramps = Promise.all([
    ramp(plan.socketio, () => (plan.webSocketViewer ?? socketIoViewer)(plan.url, tallies.socketio)),
    ramp(plan.pollers, () => new PollingViewer(plan.url, plan.intervalMs, tallies.polling)),
  ]);

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
