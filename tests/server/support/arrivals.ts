/**
 * Waiting on a connection spoken by hand: a reader asks `until` something has arrived, and the
 * connection calls `wake` whenever bytes come and `end` once it has closed.
 */
export class Arrivals {
  readonly #waiters = new Set<() => void>();
  #ended = false;

  get ended(): boolean {
    return this.#ended;
  }

  /** Bytes arrived: every waiter looks again. */
  wake(): void {
    for (const waiter of this.#waiters) waiter();
  }

  /** The connection closed: waiters look once more, then give up. */
  end(): void {
    this.#ended = true;
    this.wake();
  }

  /** Resolves once `ready` returns something other than undefined, re-checked whenever bytes arrive. */
  async until<T>(ready: () => T | undefined): Promise<T> {
    for (;;) {
      const value = ready();
      if (value !== undefined) return value;
      if (this.#ended) throw new Error('the server closed the connection');
      await this.next();
    }
  }

  /** Resolves when bytes arrive or the connection closes. */
  next(): Promise<void> {
    return new Promise<void>((resolve) => {
      const waiter = () => {
        this.#waiters.delete(waiter);
        resolve();
      };
      this.#waiters.add(waiter);
    });
  }
}
