import { readFile } from 'node:fs/promises';
import os from 'node:os';

export interface MachineInfo {
  readonly os: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
}

async function distribution(): Promise<string | undefined> {
  const text = await readFile('/etc/os-release', 'utf8').catch(() => '');
  return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1];
}

/** Where the numbers came from: they mean little without the machine next to them. */
export async function describeMachine(): Promise<MachineInfo> {
  const distro = await distribution();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}${distro ? ` (${distro})` : ''}`,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
  };
}
