import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const START_TIMEOUT_MS = 15_000;

/** One TCP segment of a capture, as tshark dissected it. */
export interface CapturedSegment {
  /** Seconds since the epoch, the kernel's timestamp. */
  readonly time: number;
  /** tshark's index of the TCP connection. */
  readonly stream: number;
  readonly fromServer: boolean;
  /** TCP payload bytes. */
  readonly length: number;
  /** Set on the segment that completes an HTTP request: its target, e.g. `/api/ticks?since=4`. */
  readonly requestTarget?: string;
}

export interface PacketCapture {
  /** Stops capturing and returns every segment to or from the server's port, in capture order. */
  stop(): Promise<CapturedSegment[]>;
}

/**
 * Captures loopback traffic to and from one TCP port with Debian's tshark (dumpcap underneath; needs
 * root or the capture capability). `keyLogFile` is an SSLKEYLOGFILE for tshark to decrypt TLS with, so
 * the HTTP requests inside can be told apart.
 */
export async function startPacketCapture(port: number, options: { keyLogFile?: string } = {}): Promise<PacketCapture> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ticker-capture-'));
  const file = path.join(dir, 'capture.pcapng');
  const child = spawn('tshark', ['-i', 'lo', '-f', `tcp port ${port}`, '-w', file, '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tshark did not start capturing:\n${stderr}`)), START_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('Capturing on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tshark exited (${String(code)}) before capturing:\n${stderr}`));
    });
  });

  return {
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      try {
        const preferences = options.keyLogFile ? ['-o', `tls.keylog_file:${options.keyLogFile}`] : [];
        const fields = ['frame.time_epoch', 'tcp.stream', 'tcp.srcport', 'tcp.len', 'http.request.uri'];
        const { stdout } = await run(
          'tshark',
          ['-r', file, ...preferences, '-T', 'fields', '-E', 'separator=/t', ...fields.flatMap((f) => ['-e', f])],
          { maxBuffer: 256 * 1024 * 1024 },
        );
        return stdout
          .split('\n')
          .filter((line) => line.length > 0)
          .map((line): CapturedSegment => {
            const [time = '', stream = '', sourcePort = '', length = '', target = ''] = line.split('\t');
            return {
              time: Number(time),
              stream: Number(stream),
              fromServer: Number(sourcePort) === port,
              length: Number(length),
              ...(target ? { requestTarget: target } : {}),
            };
          });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
