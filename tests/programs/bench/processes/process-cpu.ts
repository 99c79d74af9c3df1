import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Kernel clock ticks a second, in which /proc reports CPU time: 100 on every Linux build seen here. */
let clockTicks: number | undefined;

/**
 * User plus system CPU time a process has used, in µs, read from /proc/<pid>/stat: for a program of
 * someone else's (Redis) that cannot be asked, as the bench's own children are.
 */
export function processCpuMicros(pid: number): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its end.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) / clockTicks) * 1_000_000;
}
