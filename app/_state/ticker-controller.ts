import { MeterTracker } from '@/lib/meter/meter-tracker';
import type { FeedMessage } from '@/lib/protocol/feed-message';
import { MARKET_PATH, marketInfoSchema } from '@/lib/protocol/market-info';
import type { MeterReport } from '@/lib/protocol/meter-report';
import { newTabId } from '@/lib/protocol/tab-id';
import type { PollIntervalMs, TransportMode } from '@/lib/protocol/transport-mode';
import { backoffDelay } from '@/lib/net/backoff';
import {
  applyFeedMessage,
  createTickerStore,
  loadMarket,
  type ApplyResult,
  type Recovery,
  type TickerStore,
  type TickerStoreDefaults,
} from './ticker-store';
import { PollingTransport } from '../_transports/polling-transport';
import { createTransport } from '../_transports/create-transport';
import type { Transport, TransportSink } from '../_transports/transport';
import { PageMeterFeed } from './page-meter-feed';
import { WhileWatched } from './while-watched';

/** How long the note on a recovery stays up: long enough to read from the back of a room. */
const RECOVERY_NOTE_MS = 15_000;

/**
 * The one owner of a view's connections: the market load, the active transport and the meter feed. To
 * the server each controller is a tab of its own (its own tab id), so two views on one page are metered
 * apart. Controllers are module-level singletons (see tickerControllerFor), so React StrictMode's double
 * mount and hot reload never open a second Socket.IO connection: components attach and detach, and the
 * last detach stops everything a moment later unless someone attaches again.
 */
export class TickerController {
  readonly tab = newTabId();
  readonly store: TickerStore;
  readonly #meter = new MeterTracker();
  #transport: Transport | null = null;
  readonly #meterFeed: PageMeterFeed;
  #stopMeterFeed: (() => void) | null = null;
  readonly #watched = new WhileWatched({ start: () => void this.#start(), stop: () => this.#stop(), stopLater: true });
  #running = false;
  #loading: Promise<boolean> | null = null;
  /** When the connection went down (Date.now()), while it is down or not yet caught up. */
  #downSince: number | null = null;
  /** The last message after a time down said the server holds more: the next one is still catching up. */
  #catchingUp = false;
  #recoveryTimer: ReturnType<typeof setTimeout> | undefined;

  /** `meterFeed`: the feed shared with the page's other views, if it has any; one of its own by default. */
  constructor(defaults: TickerStoreDefaults, meterFeed: PageMeterFeed = new PageMeterFeed()) {
    this.#meterFeed = meterFeed;
    this.store = createTickerStore(defaults);
    this.#meter.setPollInterval(defaults.pollIntervalMs);
  }

  /** Keeps the view's connections open until the returned detach, and a moment after the last one. */
  attach(): () => void {
    return this.#watched.watch();
  }

  /** Stops for good, whoever is attached. */
  dispose(): void {
    this.#watched.stopNow();
  }

  setMode(mode: TransportMode): void {
    if (this.store.state.getState().mode === mode) return;
    this.store.state.setState({ mode });
    if (this.#running) this.#startTransport();
  }

  setPollInterval(pollIntervalMs: PollIntervalMs): void {
    this.#meter.setPollInterval(pollIntervalMs);
    // The meter's expected wait follows the interval at once, not a report later.
    this.store.state.setState({ pollIntervalMs, meter: this.#meter.view() });
    const transport = this.#transport;
    if (transport instanceof PollingTransport) {
      transport.setInterval(pollIntervalMs);
      this.store.state.setState((state) => ({ connection: { ...state.connection, transport: transport.label } }));
    }
  }

  resetMeter(): void {
    this.#meter.reset(Date.now());
    this.store.state.setState({ meter: this.#meter.view() });
  }

  select(index: number): void {
    this.store.state.setState({ selected: index });
  }

  async #start(): Promise<void> {
    this.#running = true;
    document.addEventListener('visibilitychange', this.#onVisibilityChange);
    // A page opened in a background tab starts hidden, with no event to say so.
    this.#onVisibilityChange();
    this.#openMeterFeed();
    if ((await this.#loadMarket()) && this.#running) this.#startTransport();
  }

  #stop(): void {
    // Never started: also the case on the server, which evaluates this module to render the page and has no document.
    if (!this.#running) return;
    this.#running = false;
    document.removeEventListener('visibilitychange', this.#onVisibilityChange);
    this.#transport?.stop();
    this.#transport = null;
    this.#meter.setActiveMode(null, Date.now());
    this.#stopMeterFeed?.();
    this.#stopMeterFeed = null;
    this.#downSince = null;
    this.#catchingUp = false;
    clearTimeout(this.#recoveryTimer);
  }

  /** An arrow function, so the listener removed in #stop is the one added in #start. */
  readonly #onVisibilityChange = (): void => {
    this.#meter.setHidden(document.hidden, Date.now());
    // Pushed at once: the meter's line about hidden time should be there when the tab is back, not a report later.
    this.store.state.setState({ meter: this.#meter.view() });
  };

  /** Loads the market description, retrying with backoff while running; false if stopped first. */
  #loadMarket(): Promise<boolean> {
    this.#loading ??= (async () => {
      try {
        for (let attempt = 1; this.#running; attempt++) {
          try {
            const response = await fetch(MARKET_PATH);
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
            loadMarket(this.store, marketInfoSchema.parse(await response.json()));
            return true;
          } catch (error) {
            this.store.state.setState((state) => ({
              connection: { ...state.connection, state: 'reconnecting', detail: `loading the market: ${String(error)}` },
            }));
            await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt)));
          }
        }
        return false;
      } finally {
        this.#loading = null;
      }
    })();
    return this.#loading;
  }

  #startTransport(): void {
    this.#transport?.stop();
    const { mode, pollIntervalMs } = this.store.state.getState();
    const transport = createTransport(mode, { tab: this.tab, pollIntervalMs });
    this.#transport = transport;
    this.#meter.setActiveMode(mode, Date.now());
    transport.start(this.#sinkFor(transport));
  }

  #sinkFor(transport: Transport): TransportSink {
    const live = () => this.#transport === transport;
    return {
      position: () => {
        const { epoch, seq } = this.store.state.getState();
        return epoch === null ? null : { epoch, since: seq };
      },
      tickIntervalMs: () => this.store.state.getState().tickIntervalMs,
      status: (connection) => {
        if (!live()) return;
        if (connection.state === 'reconnecting' || connection.state === 'restarting') this.#downSince ??= Date.now();
        this.store.state.setState({ connection });
      },
      deliver: (message) => {
        if (!live()) return;
        this.#meter.countMessage(transport.mode);
        this.#apply(transport, message);
      },
    };
  }

  #apply(transport: Transport, message: FeedMessage): void {
    const result = applyFeedMessage(this.store, message);
    this.#noteRecovery(message, result);
    if (result.kind === 'new-epoch') {
      // The market restarted: start over from its new description, then resume on this transport.
      void this.#loadMarket().then((loaded) => {
        if (loaded && this.#transport === transport) this.#startTransport();
      });
      return;
    }
    const { shownTs } = result;
    // No tick ages while hidden: a hidden page draws no frames, so its ages would measure how long the
    // tab was in the background, and the frame requests would pile up until it is back. The tracker also
    // drops a sample whose wait overlapped a hidden period (a frame requested just before hiding).
    if (shownTs.length === 0 || document.hidden) return;
    // Measured in the next frame: each tick's age when it is on screen, not when it was parsed. A poll
    // brings every tick since the last one at once, so its older ticks show the interval's cost.
    requestAnimationFrame(() => {
      const shownAt = Date.now();
      for (const ts of shownTs) this.#meter.recordFreshness(transport.mode, ts, shownAt);
    });
  }

  /**
   * After a time down, the first message says how the tab came back: with the ticks it missed, or in a
   * new market. A poll catching up in pages (`more`) adds each page to the same count.
   */
  #noteRecovery(message: FeedMessage, result: ApplyResult): void {
    const shown = result.kind === 'applied' ? result.shownTs.length : 0;
    const previous = this.store.state.getState().recovery;
    let recovery: Recovery;
    if (this.#downSince !== null) {
      const awayMs = Date.now() - this.#downSince;
      this.#downSince = null;
      recovery = result.kind === 'new-epoch' ? { kind: 'restarted', awayMs } : { kind: 'caught-up', awayMs, ticks: shown };
    } else if (this.#catchingUp && previous?.kind === 'caught-up') {
      recovery = { ...previous, ticks: previous.ticks + shown };
    } else {
      return;
    }
    this.#catchingUp = recovery.kind === 'caught-up' && message.kind === 'ticks' && message.more;
    this.store.state.setState({ recovery });
    clearTimeout(this.#recoveryTimer);
    this.#recoveryTimer = setTimeout(() => this.store.state.setState({ recovery: null }), RECOVERY_NOTE_MS);
  }

  #openMeterFeed(): void {
    this.#stopMeterFeed ??= this.#meterFeed.subscribe(this.tab, (report: MeterReport) => {
      this.#meter.ingestReport(report, Date.now());
      this.store.state.setState({ meter: this.#meter.view() });
    });
  }
}

/** The views a page can show; each has its own controller, tab id and meter. */
export type ViewKey = 'dashboard' | `compare-${TransportMode}`;

// Hot reload evaluates this module again when it is edited: the previous controllers must close their
// connections, or the tab would hold two Socket.IO connections until it is reloaded.
const registry = globalThis as typeof globalThis & { tickerControllers?: Map<ViewKey, TickerController> };
for (const previous of registry.tickerControllers?.values() ?? []) previous.dispose();
const controllers = new Map<ViewKey, TickerController>();
registry.tickerControllers = controllers;

/** The one controller of a view, made with `defaults` (and the page's meter feed, if shared) the first time it is asked for. */
export function tickerControllerFor(view: ViewKey, defaults: TickerStoreDefaults, meterFeed?: PageMeterFeed): TickerController {
  let controller = controllers.get(view);
  if (!controller) {
    controller = new TickerController(defaults, meterFeed);
    controllers.set(view, controller);
  }
  return controller;
}
