// Every viewer is a socket, so a file descriptor, in the server and in a load worker: 10,000 viewers need
// about 10,000 in each. Node cannot raise its own limit, so children are started through the shell with
// `ulimit -n` raised as far as they need, which a process may do up to the hard limit and no further.
import { spawnSync } from 'node:child_process';

/** Descriptors a process uses beyond its sockets: stdio, the event loop, node's own files. */
export const FD_HEADROOM = 256;

export interface FdLimits {
  readonly soft: number;
  readonly hard: number;
}

const parseLimit = (text: string | undefined): number =>
  text?.trim() === 'unlimited' ? Number.POSITIVE_INFINITY : Number.parseInt(text ?? '', 10);

/** This process's limits, as `ulimit -Sn` and `ulimit -Hn` say (children inherit them). */
export function readFdLimits(): FdLimits {
  const result = spawnSync('bash', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8' });
  const [soft, hard] = result.stdout.split('\n');
  return { soft: parseLimit(soft), hard: parseLimit(hard) };
}

/** Why a process with `sockets` sockets cannot run under these limits, or undefined when it can. */
export function fdLimitProblem(sockets: number, limits: FdLimits): string | undefined {
  const needed = sockets + FD_HEADROOM;
  if (needed <= limits.hard) return undefined;
  return (
    `${sockets.toLocaleString('en-US')} connections need about ${needed.toLocaleString('en-US')} file descriptors in one process, ` +
    `but the hard limit here is ${limits.hard.toLocaleString('en-US')} (ulimit -Hn); raise it (e.g. in /etc/security/limits.conf, or ` +
    `\`ulimit -Hn ${needed}\` as root) and run again`
  );
}

/**
 * The command line that runs `command args` with its soft descriptor limit raised to fit `sockets`
 * sockets (never lowered); throws with fdLimitProblem's sentence when the hard limit is too low.
 */
export function withFdLimit(command: string, args: readonly string[], sockets: number, limits: FdLimits): [string, string[]] {
  const problem = fdLimitProblem(sockets, limits);
  if (problem) throw new Error(problem);
  const needed = sockets + FD_HEADROOM;
  if (needed <= limits.soft) return [command, [...args]];
  return ['bash', ['-c', `ulimit -Sn ${needed} && exec "$0" "$@"`, command, ...args]];
}
