// Child process of the polling benchmark: our real app server (no pages) over a market frozen after a
// fixed number of ticks, so that every poll it answers is byte for byte the same. Run by poll-throughput.ts.
import type { AddressInfo } from 'node:net';
import { MarketEngine } from '../../../../lib/market/market-engine';
import { POLL_PATH } from '../../../../lib/protocol/poll-api';
import { DEFAULT_ABUSE_LIMITS } from '../../../../server/guard/abuse-limits';
import { createAppServer } from '../../../../server/app-server';

/** What the parent reads from this process's first line of output. */
export interface PollTargetReady {
  readonly port: number;
  /** The request every benchmark poll makes: one tick behind, in the current epoch, naming a tab. */
  readonly target: string;
}

export const BENCH_SYMBOLS = 100;
const TICKS_BEFORE = 50;
const EPOCH = 777;
/** A valid tab id, so each request is booked to a tab's ledger the way a browser's would be. */
const TAB = 'benchbenchbench01';

const engine = new MarketEngine({ symbols: BENCH_SYMBOLS, seed: 1 }, { epoch: EPOCH });
// Every benchmark poll names the one tab, far past any tab's limit: the limiter still runs on each
// request, as it does in production, but refuses none of them.
const app = createAppServer(engine, undefined, { limits: { ...DEFAULT_ABUSE_LIMITS, pollRatePerTab: 1e9 } });
// The engine's timer is never started: the market stays where these steps leave it.
for (let i = 0; i < TICKS_BEFORE; i++) engine.step();

app.http.listen(0, '127.0.0.1', () => {
  const { port } = app.http.address() as AddressInfo;
  const ready: PollTargetReady = {
    port,
    target: `${POLL_PATH}?since=${engine.latestSeq - 1}&epoch=${engine.epoch}&tab=${TAB}`,
  };
  console.log(`READY ${JSON.stringify(ready)}`);
});

const stop = () => void app.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
