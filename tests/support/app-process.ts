import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface AppProcess {
  readonly url: string;
  readonly output: () => string;
  readonly pid: number;
  /** Resolves when the process has exited, however it ended: with its exit code, or null if a signal ended it. */
  readonly exited: Promise<number | null>;
  /** Sends the process a signal, as a terminal or a supervisor would. */
  signal(signal: NodeJS.Signals): void;
  /** Ends the process at once, as a crash would: no clean-up, no hand-over. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Starts the real server (server/main.ts, as `npm start` runs it, or another `entry` that prints the same
 * line) on a free port and resolves once it prints its address. Extra arguments go to the server's CLI.
 */
export function startApp(args: readonly string[] = [], timeoutMs = 120_000, entry = 'server/main.ts'): Promise<AppProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, entry), '--port', '0', '--host', '127.0.0.1', ...args],
    { cwd: ROOT, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  const kill = async () => {
    child.kill('SIGKILL');
    await exited;
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 6000).unref();
    });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the app did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Live ticker on (https?:\/\/\S+:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], output: () => output, pid: child.pid ?? 0, exited, signal: (signal) => child.kill(signal), kill, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with ${String(code)} before it started:\n${output}`));
    });
  });
}
