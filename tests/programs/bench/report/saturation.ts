// When a mode stops keeping up. The same rule for both columns of the Kaazing table, so that "saturated"
// means one thing: the server is out of CPU, or the viewers get less than they asked for, or they get it late.

/** What a measured cell says about its load. */
export interface CellLoad {
  readonly viewers: number;
  /** Deliveries the viewers asked for per second: polls for polling, ticks for Socket.IO. */
  readonly askedPerSecond: number;
  readonly deliveredPerSecond: number;
  readonly serverCores: number;
  readonly p99Ms: number;
  /** What went wrong for viewers: failed connections, lost ones, gaps (problemsOf). */
  readonly problems: readonly string[];
}

/** Node runs the server's JavaScript on one core: at 90% of it, requests queue. */
export const PEGGED_CORES = 0.9;
/** Less than 90% of what was asked for is not keeping up, whatever the cause. */
export const MIN_DELIVERED_SHARE = 0.9;
/**
 * A poll that keeps up leaves a tick waiting at most one interval plus the response time; a p99 half an
 * interval past that means polls wait in a queue. The same limit applies to Socket.IO.
 */
export const MAX_P99_INTERVALS = 1.5;

/** The reasons a cell is saturated, worded for the table; empty when it kept up. */
export function saturationReasons(cell: CellLoad, intervalMs: number): string[] {
  const reasons: string[] = [];
  if (cell.serverCores >= PEGGED_CORES) reasons.push(`server CPU ${Math.round(cell.serverCores * 100)}% of a core`);
  const share = cell.askedPerSecond > 0 ? cell.deliveredPerSecond / cell.askedPerSecond : 1;
  if (share < MIN_DELIVERED_SHARE) reasons.push(`${Math.round(share * 100)}% of the deliveries asked for`);
  if (cell.p99Ms > MAX_P99_INTERVALS * intervalMs) reasons.push(`p99 ${Math.round(cell.p99Ms)} ms > ${MAX_P99_INTERVALS * intervalMs} ms`);
  if (cell.problems.length > 0) reasons.push(cell.problems.join(', '));
  return reasons;
}
