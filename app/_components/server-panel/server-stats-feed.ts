import { EMPTY_SERVER_VIEW, ServerHistory, type ServerView } from '@/lib/meter/server-history';
import { SERVER_STATS_PATH, serverStatsMessageSchema } from '@/lib/protocol/server-stats';
import { WhileWatched } from '../../_state/while-watched';

export interface ServerStatsSnapshot {
  readonly view: ServerView;
  /** The feed is open and has answered; false before that, while hidden, and while the browser reconnects it. */
  readonly live: boolean;
}

export const NO_SERVER_STATS: ServerStatsSnapshot = Object.freeze({ view: EMPTY_SERVER_VIEW, live: false });

/**
 * The server stats feed (GET /api/server) for the components that show it, as an external store for
 * useSyncExternalStore: a new snapshot per sample, about once a second.
 *
 * It is open only while someone shows it and the page is visible. A browser allows six connections to
 * one server across all its tabs, and every page already holds its meter feed open: a hidden tab should
 * not hold a second one, which a visible tab's polls may need. On coming back, the feed's first event
 * brings the last minute again, so the charts are whole at once.
 */
export class ServerStatsFeed {
  readonly #history = new ServerHistory();
  readonly #watched = new WhileWatched({ start: () => this.#start(), stop: () => this.#stop(), stopLater: true });
  #source: EventSource | null = null;
  #snapshot: ServerStatsSnapshot = NO_SERVER_STATS;

  readonly subscribe = (listener: () => void): (() => void) => this.#watched.watch(listener);

  readonly getSnapshot = (): ServerStatsSnapshot => this.#snapshot;

  #start(): void {
    document.addEventListener('visibilitychange', this.#onVisibilityChange);
    this.#onVisibilityChange();
  }

  #stop(): void {
    document.removeEventListener('visibilitychange', this.#onVisibilityChange);
    this.#close();
  }

  readonly #onVisibilityChange = (): void => {
    if (document.hidden) this.#close();
    else this.#open();
  };

  #open(): void {
    if (this.#source) return;
    const source = new EventSource(SERVER_STATS_PATH);
    source.onmessage = (event: MessageEvent<string>) => {
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return; // a malformed event is skipped; the next comes within a second
      }
      const parsed = serverStatsMessageSchema.safeParse(message);
      if (!parsed.success) return;
      this.#publish({ view: this.#history.take(parsed.data), live: true });
    };
    // The browser reconnects by itself; until it has, the panel says its figures are not live.
    source.onerror = () => {
      if (this.#snapshot.live) this.#publish({ ...this.#snapshot, live: false });
    };
    this.#source = source;
  }

  #close(): void {
    this.#source?.close();
    this.#source = null;
    if (this.#snapshot.live) this.#publish({ ...this.#snapshot, live: false });
  }

  #publish(snapshot: ServerStatsSnapshot): void {
    this.#snapshot = snapshot;
    this.#watched.changed();
  }
}

/** One feed for the page, whichever components show it. */
export const serverStatsFeed = new ServerStatsFeed();
