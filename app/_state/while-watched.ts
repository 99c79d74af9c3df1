export interface WhileWatchedOptions {
  /** Called when the first watcher arrives. */
  readonly start: () => void;
  /** Called once the last watcher has gone. */
  readonly stop: () => void;
  /**
   * Stop a turn after the last watcher leaves rather than at once, so that one that leaves and comes
   * straight back (React StrictMode runs every effect twice, hot reload remounts) keeps what is running
   * instead of closing it and opening a second one.
   */
  readonly stopLater?: boolean;
}

interface Watcher {
  readonly onChange: () => void;
}

/**
 * Keeps something running only while someone watches it: a connection, a feed, a subscription to a store.
 * The first watcher starts it, the last one to leave stops it; watchers are told of every change, which
 * makes this the `subscribe` half of an external store for React's useSyncExternalStore.
 */
export class WhileWatched {
  readonly #watchers = new Set<Watcher>();
  readonly #options: WhileWatchedOptions;
  #running = false;
  #stopTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: WhileWatchedOptions) {
    this.#options = options;
  }

  /** Adds a watcher, told of every change; returns its leave, which may be called more than once. */
  watch(onChange: () => void = () => {}): () => void {
    const watcher: Watcher = { onChange };
    this.#watchers.add(watcher);
    clearTimeout(this.#stopTimer);
    if (!this.#running) {
      this.#running = true;
      this.#options.start();
    }
    return () => {
      if (!this.#watchers.delete(watcher) || this.#watchers.size > 0) return;
      if (this.#options.stopLater) this.#stopTimer = setTimeout(() => this.#stopUnwatched(), 0);
      else this.#stopUnwatched();
    };
  }

  /** Tells every watcher that what it watches has changed. */
  changed(): void {
    for (const watcher of this.#watchers) watcher.onChange();
  }

  /** Stops now, whoever is watching; they are forgotten, and the next watcher starts it again. */
  stopNow(): void {
    this.#watchers.clear();
    clearTimeout(this.#stopTimer);
    this.#halt();
  }

  #stopUnwatched(): void {
    if (this.#watchers.size === 0) this.#halt();
  }

  #halt(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#options.stop();
  }
}
