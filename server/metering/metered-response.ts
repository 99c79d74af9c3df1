import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Booking, WireLedger } from './wire-ledger';

/**
 * The server's responses: each settles its request in the wire ledger (see WireLedger.settleRequest),
 * booked to `booking` if the handler set one. Every request must be settled, so that the next one on its
 * connection starts from the right mark.
 */
export class MeteredResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  /** Where the request's bytes go; set by the handler that answers it, left undefined for traffic booked to no tab. */
  booking: Booking | undefined = undefined;
}

export interface MeteredResponsesOptions {
  /** Requests answered by someone else than the server's handler (engine.io's): they settle when they close. */
  readonly answeredElsewhere: (req: IncomingMessage) => boolean;
  /** Called once for every request, whoever answers it. */
  readonly requested: () => void;
  /**
   * Whether a response written to its socket is already counted in the socket's bytes: true over plain
   * HTTP, where the socket counts what is queued. Over TLS the wire's bytes are those of the records, which
   * are counted as they are written, so a TLS response settles when it closes.
   */
  readonly countedWhenQueued: boolean;
}

export interface MeteredResponses {
  /** For node:http's `ServerResponse` option. */
  readonly ServerResponse: typeof MeteredResponse;
  /**
   * Call when the server's handler has dealt with a request: settled now if its whole answer is already
   * on its socket (a poll's, answered at once), else when the response closes (finished or aborted).
   */
  settle(res: MeteredResponse): void;
}

/**
 * The response class for a server whose traffic `ledger` counts, and how its handler settles each
 * response. A poll answered at once is settled at once, not from a 'close' listener added to every
 * response: on the polling hot path the listener, and its call, cost more than the settling itself.
 */
export function meteredResponses(ledger: WireLedger, options: MeteredResponsesOptions): MeteredResponses {
  // One function shared by every response that settles on 'close', not a closure made per response.
  function settleOnClose(this: MeteredResponse): void {
    ledger.settleRequest(this.req.socket, this.booking, this);
  }
  const { answeredElsewhere, requested, countedWhenQueued } = options;
  class LedgerResponse<Request extends IncomingMessage = IncomingMessage> extends MeteredResponse<Request> {
    // node:http passes options after the request (highWaterMark and others) that the typings leave out: pass them all on.
    constructor(...args: ConstructorParameters<typeof ServerResponse<Request>>) {
      super(...args);
      requested();
      if (answeredElsewhere(args[0])) this.on('close', settleOnClose);
    }
  }
  return {
    ServerResponse: LedgerResponse,
    settle(res) {
      // On its socket already: a response waiting behind another (pipelined) has no socket yet.
      if (countedWhenQueued && res.writableEnded && res.socket !== null) ledger.settleRequest(res.req.socket, res.booking, res);
      else res.on('close', settleOnClose);
    },
  };
}
