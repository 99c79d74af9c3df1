// Child process of the polling benchmark: the baseline. A bare node:http server that answers every
// request with one fixed response, read from stdin as a BareResponse. Run by poll-throughput.ts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';

export interface BareResponse {
  readonly bodyBase64: string;
  readonly contentType: string;
  readonly cacheControl: string;
  /** Same as the server it stands in for, so that its Keep-Alive header has the same bytes too. */
  readonly keepAliveTimeoutMs: number;
}

export interface BareReady {
  readonly port: number;
}

const spec = JSON.parse(await text(process.stdin)) as BareResponse;
const body = Buffer.from(spec.bodyBase64, 'base64');
const headers = {
  'content-type': spec.contentType,
  'content-length': body.length,
  'cache-control': spec.cacheControl,
};

const server = createServer({ keepAliveTimeout: spec.keepAliveTimeoutMs }, (_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  const ready: BareReady = { port };
  console.log(`READY ${JSON.stringify(ready)}`);
});

const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
