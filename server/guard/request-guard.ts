import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server as NetServer, Socket } from 'node:net';
import { isLoopbackHost } from '../../lib/net/loopback';
import type { SHUTTING_DOWN_STATUS } from '../../lib/protocol/poll-api';
import type { TabId } from '../../lib/protocol/tab-id';
import { BURST_SECONDS, type AbuseLimits } from './abuse-limits';
import { addressKey } from './client-address';
import { ConnectionCap } from './connection-cap';
import { OriginPolicy } from './origin-policy';
import { TokenBuckets } from './token-buckets';

/** An answer in place of the one asked for. */
export interface Refusal {
  readonly status: 403 | 429 | typeof SHUTTING_DOWN_STATUS;
  readonly message: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Who a connection's peer counts as for the per-address limits, worked out once per connection. */
interface Peer {
  /** Its address key (see addressKey). */
  readonly key: string;
  /** Whether the per-address limits apply to it (loopback may be exempt). */
  readonly limited: boolean;
}

/**
 * The server's limits on each client (see AbuseLimits): the connection cap per address, the origin check
 * on the API and Socket.IO, and the rate limits on polls, per tab and per address. It only decides; the
 * caller sends the refusal, so a refused poll is booked to its tab like any other.
 */
export class RequestGuard {
  readonly #limits: AbuseLimits;
  readonly #origins: OriginPolicy;
  readonly #connections: ConnectionCap;
  readonly #tabPolls: TokenBuckets;
  readonly #addressPolls: TokenBuckets;
  /** Each connection's peer: a poll is the hot path, and parsing its address again for each costs more than the poll's own work. */
  readonly #peers = new WeakMap<Socket, Peer>();

  constructor(limits: AbuseLimits) {
    this.#limits = limits;
    this.#origins = new OriginPolicy(limits.allowedOrigins);
    this.#connections = new ConnectionCap({ max: limits.maxConnectionsPerAddress, applies: (address) => this.#limitsAddress(address) });
    const buckets = (perSecond: number) => new TokenBuckets({ perSecond, burst: perSecond * BURST_SECONDS });
    this.#tabPolls = buckets(limits.pollRatePerTab);
    this.#addressPolls = buckets(limits.pollRatePerAddress);
  }

  /** Counts the server's connections per address. */
  watch(server: NetServer): void {
    this.#connections.watch(server);
  }

  /**
   * For every request and upgrade this server answers itself: the connection cap, and for the API (and
   * WebSockets) the origin check. A listed origin's request is let through with the CORS header on `res`
   * that lets its page read the answer.
   */
  admit(req: IncomingMessage, api: boolean, res?: ServerResponse): Refusal | undefined {
    if (this.#connections.refuses(req.socket)) return this.#overCap();
    if (!api) return undefined;
    const verdict = this.#origins.judge(req);
    if (verdict === 'refused') return this.#foreign(req.headers.origin);
    if (verdict === 'listed' && res) {
      res.setHeader('access-control-allow-origin', req.headers.origin ?? '');
      res.setHeader('vary', 'Origin');
    }
    return undefined;
  }

  /**
   * A poll's rate, per tab and per address. A poll without a valid tab id counts against a bucket of its
   * address's tab-less polls: naming no tab does not escape the per-tab limit.
   */
  admitPoll(req: IncomingMessage, tab: TabId | undefined): Refusal | undefined {
    const peer = this.#peerOf(req.socket);
    if (peer.limited) {
      const wait = this.#addressPolls.take(peer.key);
      if (wait > 0) return this.#tooFast(wait, `${this.#limits.pollRatePerAddress} a second from one address`);
    }
    // Tab ids are letters, digits, _ and -, so an address key can never be taken for one.
    const wait = this.#tabPolls.take(tab ?? `@${peer.key}`);
    if (wait > 0) return this.#tooFast(wait, `${this.#limits.pollRatePerTab} a second per tab`);
    return undefined;
  }

  #peerOf(socket: Socket): Peer {
    let peer = this.#peers.get(socket);
    if (!peer) {
      const address = socket.remoteAddress ?? '';
      peer = { key: addressKey(address), limited: this.#limitsAddress(address) };
      this.#peers.set(socket, peer);
    }
    return peer;
  }

  #limitsAddress(address: string): boolean {
    return this.#limits.limitLoopback || !isLoopbackHost(address);
  }

  #overCap(): Refusal {
    return {
      status: 429,
      message: `too many open connections from your address (at most ${this.#limits.maxConnectionsPerAddress}); close some and try again`,
      headers: { connection: 'close' },
    };
  }

  #foreign(origin: string | undefined): Refusal {
    return { status: 403, message: `pages from ${origin ?? 'another origin'} may not use this server`, headers: {} };
  }

  #tooFast(waitMs: number, limit: string): Refusal {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    return {
      status: 429,
      message: `too many polls: at most ${limit}, in bursts of up to ${BURST_SECONDS} s worth; retry in ${seconds} s`,
      headers: { 'retry-after': String(seconds) },
    };
  }
}
