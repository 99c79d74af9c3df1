import { errorMessage } from '@/lib/format/error-message';
import { retryAfterMs } from '@/lib/net/retry-after';
import { decodeFeedMessage, type FeedMessage } from '@/lib/protocol/feed-message';
import { SHUTTING_DOWN_STATUS } from '@/lib/protocol/poll-api';
import type { StreamPosition } from './transport';

/** The wait after a 429 without a usable Retry-After: the shortest one a Retry-After can ask for. */
const NO_RETRY_AFTER_WAIT_MS = 1000;

/** What one poll came to, as a transport acts on it. */
export type PollOutcome =
  /** The ticks (or the snapshot) it asked for. */
  | { readonly kind: 'answered'; readonly message: FeedMessage }
  /** Refused as one too many (429): ask again after `waitMs`, as the server said. */
  | { readonly kind: 'limited'; readonly waitMs: number; readonly reason: string | undefined }
  /** The server is shutting down (SHUTTING_DOWN_STATUS): ask again no sooner than `waitMs`, if it said. */
  | { readonly kind: 'shutting-down'; readonly waitMs: number; readonly reason: string }
  /** No usable answer: a network error, an error status, a body that does not decode, or none in time. */
  | { readonly kind: 'failed'; readonly reason: string }
  /** Cut short by the transport itself (it stopped). */
  | { readonly kind: 'cancelled' };

/** The URL of a poll from `position` (a snapshot without one), named for `tab`. */
export function pollUrl(base: string, tab: string, position: StreamPosition | null): string {
  const params = new URLSearchParams();
  if (position) {
    params.set('since', String(position.since));
    params.set('epoch', String(position.epoch));
  }
  params.set('tab', tab);
  return `${base}?${params.toString()}`;
}

/**
 * Sends one poll and says what came of it. A poll with no answer within `timeoutMs` has failed: a
 * connection that went quiet without closing (a pulled cable) would otherwise hold it for as long as the
 * browser waits. `signal` cancels it.
 */
export async function requestPoll(url: string, signal: AbortSignal, timeoutMs: number): Promise<PollOutcome> {
  const controller = new AbortController();
  const cancel = () => controller.abort();
  signal.addEventListener('abort', cancel);
  let timedOut = false;
  const timeout = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (response.status === 429) {
      // A proxy's refusal may not be JSON: the wait is in the header either way.
      const reason = errorOf(await response.json().catch(() => null));
      return { kind: 'limited', waitMs: retryAfterMs(response.headers.get('retry-after')) ?? NO_RETRY_AFTER_WAIT_MS, reason };
    }
    if (response.status === SHUTTING_DOWN_STATUS) {
      const reason = errorOf(await response.json().catch(() => null)) ?? 'the server is shutting down';
      return { kind: 'shutting-down', waitMs: retryAfterMs(response.headers.get('retry-after')) ?? 0, reason };
    }
    const body: unknown = await response.json();
    if (!response.ok) return { kind: 'failed', reason: `HTTP ${response.status}: ${errorOf(body) ?? response.statusText}` };
    return { kind: 'answered', message: decodeFeedMessage(body) };
  } catch (error) {
    if (signal.aborted) return { kind: 'cancelled' };
    return { kind: 'failed', reason: timedOut ? `no answer within ${timeoutMs / 1000} s` : errorMessage(error) };
  } finally {
    clearTimeout(timeout);
    signal.removeEventListener('abort', cancel);
  }
}

/** The `error` of a JSON error body (see server/http/response.ts), if that is what it is. */
function errorOf(body: unknown): string | undefined {
  return typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : undefined;
}
