// What a child process says about itself when asked: CPU used so far and memory now. Taken inside the
// child, so the figures are the same whatever the operating system, and a full garbage collection can be
// run first when the live heap is what is wanted.

export interface ProcessSample {
  /** performance.timeOrigin + performance.now() in the child: wall-clock ms with sub-ms steps. */
  readonly atMs: number;
  /** User plus system CPU time since the process started, in µs. */
  readonly cpuMicros: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** Memory outside the JS heap that JS objects hold (Buffers, sockets' buffers): V8's `external`. */
  readonly externalBytes: number;
}

/** Call with `collectGarbage` only in a process started with --expose-gc; it throws otherwise. */
export function takeProcessSample(collectGarbage: boolean): ProcessSample {
  if (collectGarbage) {
    if (!globalThis.gc) throw new Error('a garbage-collected sample needs node --expose-gc');
    globalThis.gc();
  }
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    atMs: performance.timeOrigin + performance.now(),
    cpuMicros: cpu.user + cpu.system,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    externalBytes: memory.external,
  };
}

/** CPU cores used on average between two samples of one process (1 = one core busy all the time). */
export function coresBetween(from: ProcessSample, to: ProcessSample): number {
  const elapsedMs = to.atMs - from.atMs;
  return elapsedMs > 0 ? (to.cpuMicros - from.cpuMicros) / 1000 / elapsedMs : 0;
}
