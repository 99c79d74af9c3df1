/**
 * How long a Retry-After header asks the client to wait, in ms: either whole seconds or an HTTP date
 * (RFC 9110 §10.2.3). Null when there is no header or it is neither; a date in the past is no wait.
 */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number.parseInt(text, 10) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) || !/[a-z]/i.test(text) ? null : Math.max(0, at - now);
}
