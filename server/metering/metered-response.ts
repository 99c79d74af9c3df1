import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Booking, WireLedger } from './wire-ledger';

/**
 * The server's responses: each settles its request in the wire ledger when it closes (finished or aborted),
 * booked to `booking` if the handler set one. Every request must be settled, so that the next one on its
 * connection starts from the right mark (see WireLedger.settleRequest), and Socket.IO's own answers are
 * settled this way too, although engine.io takes them before this server's handler sees them.
 */
export class MeteredResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  /** Where the request's bytes go; set by the handler that answers it, left undefined for traffic booked to no tab. */
  booking: Booking | undefined = undefined;
}

/**
 * The response class for a server whose traffic `ledger` counts, for node:http's `ServerResponse` option.
 * Settling is one listener shared by every response, not a closure and a once-wrapper made per request:
 * on the polling hot path those cost more than the settling itself.
 */
export function meteredResponses(ledger: WireLedger): typeof MeteredResponse {
  function settle(this: MeteredResponse): void {
    ledger.settleRequest(this.req.socket, this.booking, this);
  }
  return class LedgerResponse<Request extends IncomingMessage = IncomingMessage> extends MeteredResponse<Request> {
    // node:http passes options after the request (highWaterMark and others) that the typings leave out: pass them all on.
    constructor(...args: ConstructorParameters<typeof ServerResponse<Request>>) {
      super(...args);
      this.on('close', settle);
    }
  };
}
