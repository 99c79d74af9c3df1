import cluster, { type Worker } from 'node:cluster';

/** How long a worker that died waits to be replaced: long enough that one failing at start does not spin. */
const RESTART_DELAY_MS = 1000;
const STOP_DEADLINE_MS = 8000;

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

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.log(
      `Workers: process ${String(worker.process.pid)} ended (${signal ?? `exit ${String(code)}`}); a new one starts in ${RESTART_DELAY_MS / 1000} s`,
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, RESTART_DELAY_MS);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping ${Object.keys(cluster.workers ?? {}).length} workers`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    setTimeout(() => process.exit(0), STOP_DEADLINE_MS).unref();
    const check = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearInterval(check);
        process.exit(0);
      }
    }, 100);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
