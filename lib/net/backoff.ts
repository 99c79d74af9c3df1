export interface BackoffOptions {
  /** Delay before the first retry, ms. Default 250. */
  readonly baseMs?: number;
  /** Largest delay, ms. Default 5000. */
  readonly maxMs?: number;
  readonly random?: () => number;
}

/**
 * Exponential backoff with jitter: a uniform delay between half and all of base·2^(attempt−1), capped.
 * The jitter keeps a room of tabs that lost the server together from coming back in lockstep; the
 * lower half-bound keeps a retry from firing at once and hammering a server that is still down.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 250, maxMs = 5000, random = Math.random } = options;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}
