/** First retry's delay ceiling, ms. */
export const RETRY_BASE_MS = 250;
/**
 * Largest delay between retries, ms. Short on purpose: a tab must be back within a few seconds of the
 * server, and a classroom's tabs are far too few for their retries to load it.
 */
export const RETRY_MAX_MS = 2000;

export interface BackoffOptions {
  /** Delay ceiling of the first retry, ms. Default RETRY_BASE_MS. */
  readonly baseMs?: number;
  /** Largest delay, ms. Default RETRY_MAX_MS. */
  readonly maxMs?: number;
  readonly random?: () => number;
}

/**
 * Exponential backoff with jitter: a uniform delay between half and all of base·2^(attempt−1), capped.
 * The jitter keeps a room of tabs that lost the server together from coming back in lockstep; the
 * lower half-bound keeps a retry from firing at once and hammering a server that is still down.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = RETRY_BASE_MS, maxMs = RETRY_MAX_MS, random = Math.random } = options;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}
