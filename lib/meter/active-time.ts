import { perMode, TRANSPORT_MODES, type TransportMode } from '../protocol/transport-mode';

/**
 * How long each mode has been the page's transport, on the tab's clock, ms: from the moment the page
 * starts a transport (connecting included) until it switches to another or stops.
 */
export class ActiveTime {
  readonly #finishedMs: Record<TransportMode, number> = perMode(() => 0);
  #current: { readonly mode: TransportMode; since: number } | null = null;

  /** The page's transport from `at` on; null when it runs none. Telling it the mode it has changes nothing. */
  set(mode: TransportMode | null, at: number): void {
    const current = this.#current;
    if (current?.mode === mode) return;
    if (current) this.#finishedMs[current.mode] += Math.max(0, at - current.since);
    this.#current = mode === null ? null : { mode, since: at };
  }

  /** Starts every mode from zero at `at`; the running mode goes on counting from there. */
  reset(at: number): void {
    for (const mode of TRANSPORT_MODES) this.#finishedMs[mode] = 0;
    if (this.#current) this.#current.since = at;
  }

  /** The mode's time, a stretch still running counted up to `now`. */
  totalMs(mode: TransportMode, now: number): number {
    const current = this.#current;
    const running = current?.mode === mode ? Math.max(0, now - current.since) : 0;
    return this.#finishedMs[mode] + running;
  }
}
