// Child process of the polling benchmark: the baseline. A bare node:http server over the same market as
// the server it stands in for (its defaults: 20 symbols, a tick every 100 ms), answering each poll with
// the same bytes: the poll answer TickFeed.pollBody keeps for the current tick, under the same headers.
// No routing, validation, guard, metering or statistics. Run by poll-throughput.ts, with a BareResponse
// as its one argument; answers samples like every server child.
import { createServer } from 'node:http';
import { MarketEngine } from '../../../../lib/market/market-engine';
import { readConfig } from '../../../../server/config';
import { TickFeed } from '../../../../server/transports/tick-feed';
import { runServerChild } from './server-child';

/** The headers of the server it stands in for, read from one of its answers. */
export interface BareResponse {
  readonly contentType: string;
  readonly cacheControl: string;
  /** Same as the server it stands in for, so that its Keep-Alive header has the same bytes too. */
  readonly keepAliveTimeoutMs: number;
}

const spec = JSON.parse(process.argv[2] ?? '') as BareResponse;
const read = readConfig([], {});
if (read.ok !== true) throw new Error('the default configuration did not parse');
const { symbols, tickMs, seed } = read.config;
const engine = new MarketEngine({ symbols, tickIntervalMs: tickMs, seed });
const feed = new TickFeed(engine);
const POLL = /[?&]since=(\d+)&epoch=(\d+)/;

const server = createServer({ keepAliveTimeout: spec.keepAliveTimeoutMs }, (req, res) => {
  const match = POLL.exec(req.url ?? '');
  const { bytes } = feed.pollBody(match ? { since: Number(match[1]), epoch: Number(match[2]) } : {});
  res.writeHead(200, { 'content-type': spec.contentType, 'content-length': bytes.length, 'cache-control': spec.cacheControl });
  res.end(bytes);
});
runServerChild(
  server,
  () => engine.start(),
  async () => {
    engine.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  },
);
