import cluster, { type Worker } from 'node:cluster';
import { SHUTDOWN_DEADLINE_MS } from './graceful-shutdown';

/** How long a worker that died waits to be replaced: long enough that one failing at start does not spin. */
const RESTART_DELAY_MS = 1000;
/** A worker exits within SHUTDOWN_DEADLINE_MS of the signal by itself; one that has not by now is killed. */
const STOP_DEADLINE_MS = SHUTDOWN_DEADLINE_MS + 300;

/**
 * The primary of `--workers n`: forks n copies of this program, which share the port (Node's cluster
 * module hands each new connection to one of them in turn) and the market (through Redis), and replaces
 * any that dies. A kill of one worker is how to watch another take the market over.
 */
export function superviseWorkers(count: number): void {
  let stopping = false;
  const fork = (): Worker => {
    const worker = cluster.fork();
    console.log(`Workers: started worker ${worker.id} as process ${String(worker.process.pid)}`);
    return worker;
  };

  for (let i = 0; i < count; i++) fork();

  const running = () => Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined && !worker.isDead());

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      console.log(`Workers: process ${String(worker.process.pid)} stopped (${signal ?? `exit ${String(code)}`})`);
      if (running().length === 0) {
        console.log('Workers: all stopped');
        process.exit(0);
      }
      return;
    }
    console.log(
      `Workers: process ${String(worker.process.pid)} ended (${signal ?? `exit ${String(code)}`}); a new one starts in ${RESTART_DELAY_MS / 1000} s`,
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, RESTART_DELAY_MS);
  });

  // Each worker shuts itself down gracefully on the same signal (see graceful-shutdown.ts).
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const workers = running();
    console.log(`${signal}: stopping ${workers.length} workers`);
    for (const worker of workers) worker.process.kill(signal);
    setTimeout(() => {
      const left = running();
      console.log(`Workers: ${left.length} still running after ${STOP_DEADLINE_MS / 1000} s; killed`);
      for (const worker of left) worker.process.kill('SIGKILL');
      process.exit(0);
    }, STOP_DEADLINE_MS).unref();
    if (workers.length === 0) process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
