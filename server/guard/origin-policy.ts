import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * What an Origin header says about a request: none sent (curl, and browsers' own same-origin GETs and
 * event streams), the server's own origin, one on the allow-list, or another.
 */
export type OriginVerdict = 'none' | 'same' | 'listed' | 'refused';

/** The origin of scheme://host, or undefined when the text is no origin at all. */
function originOf(text: string): string | undefined {
  try {
    return new URL(text).origin;
  } catch {
    return undefined;
  }
}

/**
 * Same origin, or an origin on the allow-list. "Same" compares the Origin header with the scheme the
 * request arrived on and its Host header: a page served from http://host:3000 may use the API and
 * Socket.IO of http://host:3000, and nothing else may unless listed. Behind a proxy that terminates TLS
 * the page is https:// and the request here http://, so such a deployment lists its public origin.
 */
export class OriginPolicy {
  readonly #listed: ReadonlySet<string>;

  /** `allowed`: origins as scheme://host[:port], already normalized (see config.ts). */
  constructor(allowed: readonly string[]) {
    this.#listed = new Set(allowed);
  }

  judge(req: IncomingMessage): OriginVerdict {
    const origin = req.headers.origin;
    if (origin === undefined) return 'none';
    const scheme = (req.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http';
    const host = req.headers.host;
    // A browser sends the origin serialized exactly as URL.origin writes it; anything else is not one.
    if (host !== undefined && originOf(origin) === origin && originOf(`${scheme}://${host}`) === origin) return 'same';
    return this.#listed.has(origin) ? 'listed' : 'refused';
  }
}
