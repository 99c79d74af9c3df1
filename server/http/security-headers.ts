import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHost } from '../../lib/net/loopback';

export interface PageSecurityOptions {
  /** Next's development mode: hot reload evaluates code and talks to this server over a WebSocket. */
  readonly development: boolean;
  /** The pages are served over TLS. */
  readonly tls: boolean;
}

/** A year: the usual figure, and the one browsers' preload lists ask for. */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * The Content-Security-Policy of the pages. Next's production pages carry their React Server Components
 * payload in inline scripts, whose text changes with every build and whose nonces Next can only write
 * into pages it renders per request (these are prerendered): so scripts are this origin's files and
 * inline ones, and never another origin's. Inline styles are the chart's (recharts sets style attributes).
 * 'self' in connect-src covers ws:// and wss:// to this same host (CSP Level 3), which is what the
 * Socket.IO connection, and hot reload in development, are.
 */
function contentSecurityPolicy({ development }: PageSecurityOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Host names HSTS must never be sent for: it would hold every port of this machine to https for a year. */
function isMachineLocal(hostHeader: string | undefined): boolean {
  const hostname = (hostHeader ?? '').replace(/:\d+$/, '');
  return isLoopbackHost(hostname) || /\.localhost$/i.test(hostname);
}

/**
 * Sets the security headers of a page response (everything Next serves: pages and their assets). HSTS is
 * sent only over TLS, and not to localhost: a browser would keep it for every server on the machine.
 */
export function pageSecurityHeaders(options: PageSecurityOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const fixed: readonly (readonly [string, string])[] = [
    ['content-security-policy', contentSecurityPolicy(options)],
    ['x-content-type-options', 'nosniff'],
    ['referrer-policy', 'no-referrer'],
    ['x-frame-options', 'DENY'],
    ['permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'],
  ];
  return (req, res) => {
    for (const [name, value] of fixed) res.setHeader(name, value);
    if (options.tls && !isMachineLocal(req.headers.host)) {
      res.setHeader('strict-transport-security', `max-age=${HSTS_MAX_AGE_SECONDS}`);
    }
  };
}
