import type { WireCounters } from '../protocol/meter-report';

export function addCounters(a: WireCounters, b: WireCounters): WireCounters {
  return { requests: a.requests + b.requests, bytesUp: a.bytesUp + b.bytesUp, bytesDown: a.bytesDown + b.bytesDown };
}

/** `a − b`, floored at zero: a baseline taken before a counter source restarted must not turn figures negative. */
export function subtractCounters(a: WireCounters, b: WireCounters): WireCounters {
  return {
    requests: Math.max(0, a.requests - b.requests),
    bytesUp: Math.max(0, a.bytesUp - b.bytesUp),
    bytesDown: Math.max(0, a.bytesDown - b.bytesDown),
  };
}
