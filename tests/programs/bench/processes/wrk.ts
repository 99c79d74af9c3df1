import { runToEnd } from './child-process';

export interface WrkOptions {
  /** Default 1: one thread leaves the other core of a two-core machine to the server. */
  readonly threads?: number;
  /** Open connections. Default 50. */
  readonly connections?: number;
  readonly durationSeconds: number;
  /** A Lua script that makes the requests (wrk's -s), and the arguments it is given after `--`. */
  readonly script?: { readonly file: string; readonly args: readonly string[] };
}

export interface WrkResult {
  readonly requestsPerSecond: number;
  readonly requests: number;
  /** Median and 99th percentile latency in milliseconds. */
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  /** Everything wrk printed, for what a script's done() adds to the report. */
  readonly output: string;
}

const UNIT_MS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function durationMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text);
  const factor = match ? UNIT_MS[match[2] ?? ''] : undefined;
  if (!match || factor === undefined) throw new Error(`wrk printed a duration it cannot read: ${text}`);
  return Number(match[1]) * factor;
}

/** Reads wrk's plain-text report; anything short of an all-2xx, error-free run is an error. */
export function parseWrkOutput(output: string): WrkResult {
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(output);
  const total = /^\s*(\d+) requests in /m.exec(output);
  const p50 = /^\s+50%\s+(\S+)/m.exec(output);
  const p99 = /^\s+99%\s+(\S+)/m.exec(output);
  if (!rps?.[1] || !total?.[1] || !p50?.[1] || !p99?.[1]) throw new Error(`unexpected wrk output:\n${output}`);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  if (non2xx) throw new Error(`${non2xx[1]} responses were not 2xx:\n${output}`);
  const socketErrors = /Socket errors: (.*)/.exec(output);
  if (socketErrors) throw new Error(`wrk saw socket errors (${socketErrors[1]}):\n${output}`);
  return {
    requestsPerSecond: Number(rps[1]),
    requests: Number(total[1]),
    latencyP50Ms: durationMs(p50[1]),
    latencyP99Ms: durationMs(p99[1]),
    output,
  };
}

/** One wrk run against a loopback URL, bounded by its duration plus a margin. */
export async function runWrk(url: string, options: WrkOptions): Promise<WrkResult> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`benchmark traffic stays on 127.0.0.1, not ${url}`);
  const args = [
    `-t${options.threads ?? 1}`,
    `-c${options.connections ?? 50}`,
    `-d${options.durationSeconds}s`,
    '--timeout',
    '5s',
    '--latency',
    ...(options.script ? ['-s', options.script.file] : []),
    url,
    ...(options.script ? ['--', ...options.script.args] : []),
  ];
  const result = await runToEnd('wrk', args, (options.durationSeconds + 15) * 1000);
  if (result.code !== 0) throw new Error(`wrk ${args.join(' ')} failed (${result.code}):\n${result.stderr}${result.stdout}`);
  return parseWrkOutput(result.stdout);
}

/** wrk's version line, e.g. "wrk debian/4.1.0-3+b2 [epoll]". */
export async function wrkVersion(): Promise<string> {
  const { stdout, stderr } = await runToEnd('wrk', ['-v'], 5_000);
  return (/^wrk .*?\[\w+\]/m.exec(stdout + stderr)?.[0] ?? 'wrk (version unknown)').trim();
}
