import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import createDebug from 'debug';

const debug = createDebug('ticker:bench:child');

const STOP_GRACE_MS = 5_000;

export interface StartOptions {
  /** A line of the child's stdout that says it is ready; its match is returned. */
  readonly ready: RegExp;
  /** How long to wait for that line before giving up (and killing the child). */
  readonly timeoutMs: number;
  /** Written to the child's stdin, which is then closed, unless `keepStdinOpen` (for a CommandChannel). */
  readonly stdin?: string;
  readonly keepStdinOpen?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunningChild {
  readonly pid: number;
  readonly ready: RegExpExecArray;
  /** Its stdin (closed unless started with `keepStdinOpen`) and stdout, for a CommandChannel. */
  readonly stdin: Writable;
  readonly stdout: Readable;
  /** Everything it printed, for error messages. */
  output(): string;
  /** What it printed to stderr alone. */
  errors(): string;
  /** SIGTERM to its whole process group, SIGKILL after a grace period; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Every process group this run started and has not yet seen exit. */
const live = new Map<number, ChildProcess>();

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** Last resort on exit, when nothing async can run any more: no child outlives the benchmark. */
process.once('exit', () => {
  for (const pid of live.keys()) signalGroup(pid, 'SIGKILL');
});

/** Stops every child still running; the entry point calls it on Ctrl-C and on failure. */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...live.keys()].map((pid) => stopGroup(pid)));
}

async function stopGroup(pid: number): Promise<void> {
  const child = live.get(pid);
  if (!child) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(pid, 'SIGTERM');
  const killer = setTimeout(() => signalGroup(pid, 'SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(killer);
  // Grandchildren (tsx's node, Next's workers) share the group: make sure none is left behind.
  signalGroup(pid, 'SIGKILL');
}

/**
 * Starts a command in its own process group (so stopping it also stops whatever it starts) and waits
 * until it prints a line matching `ready`. Fails, after killing it, if it exits or stays silent too long.
 */
export async function startChild(command: string, args: readonly string[], options: StartOptions): Promise<RunningChild> {
  const child = spawn(command, args, {
    cwd: process.cwd(),
    env: options.env ?? process.env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  live.set(pid, child);
  child.once('exit', () => live.delete(pid));
  debug('started %d: %s %s', pid, command, args.join(' '));

  let output = '';
  let errors = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    output += text;
    errors += text;
  });
  if (options.keepStdinOpen) child.stdin?.write(options.stdin ?? '');
  else child.stdin?.end(options.stdin ?? '');

  const describe = () => `${command} ${args.join(' ')}`;
  try {
    const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${describe()} did not get ready within ${options.timeoutMs} ms:\n${output}`)),
        options.timeoutMs,
      );
      let waiting = true;
      child.stdout?.on('data', (text: string) => {
        output += text;
        // Once ready, a child that keeps talking (samples a second for minutes) is not scanned again.
        const match = waiting ? options.ready.exec(output) : null;
        if (match) {
          waiting = false;
          clearTimeout(timer);
          resolve(match);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${describe()} exited (${signal ?? code}) before it was ready:\n${output}`));
      });
    });
    const { stdin, stdout } = child;
    if (!stdin || !stdout) throw new Error(`${describe()} has no stdin or stdout`);
    return { pid, ready, stdin, stdout, output: () => output, errors: () => errors, stop: () => stopGroup(pid) };
  } catch (error) {
    await stopGroup(pid);
    throw error;
  }
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion in its own process group, killing the group if it overruns `timeoutMs`. */
export async function runToEnd(
  command: string,
  args: readonly string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunResult> {
  const child = spawn(command, args, { cwd: process.cwd(), env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  live.set(pid, child);
  debug('running %d: %s %s', pid, command, args.join(' '));
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    signalGroup(pid, 'SIGKILL');
  }, timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode));
  }).finally(() => {
    clearTimeout(timer);
    live.delete(pid);
  });
  if (timedOut) throw new Error(`${command} ${args.join(' ')} ran longer than ${timeoutMs} ms and was killed`);
  return { code, stdout, stderr };
}

/** `node --import tsx <file>`: what `npx tsx` runs, without the extra relay process in between. */
export function tsxArgs(file: string, args: readonly string[] = []): string[] {
  return ['--import', 'tsx', file, ...args];
}
