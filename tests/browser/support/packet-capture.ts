import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCaptureFile, type CapturedSegment } from './capture-file';

const START_TIMEOUT_MS = 15_000;

export interface PacketCapture {
  /** Stops capturing and returns every segment to or from the server's port, in capture order. */
  stop(): Promise<CapturedSegment[]>;
}

/**
 * Captures loopback traffic to and from one TCP port with Debian's tshark (dumpcap underneath; needs
 * root or the capture capability). `keyLogFile` is an SSLKEYLOGFILE for tshark to decrypt TLS with, so
 * the HTTP requests inside can be told apart and their plaintext read.
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
        return await readCaptureFile(file, { port, keyLogFile: options.keyLogFile });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
