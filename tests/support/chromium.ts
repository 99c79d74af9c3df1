import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

const EXECUTABLE = '/usr/bin/chromium';
/** Headless, with the flags this sandbox needs (no background calls to the network). */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const START_TIMEOUT_MS = 30_000;

/**
 * Debian's Chromium, launched by Playwright. `sslKeyLogFile` makes it write its TLS secrets there, as
 * SSLKEYLOGFILE does, for a capture to decrypt.
 */
export function launchChromium(options: { sslKeyLogFile?: string } = {}): Promise<Browser> {
  const keyLog = options.sslKeyLogFile ? [`--ssl-key-log-file=${options.sslKeyLogFile}`] : [];
  return chromium.launch({ executablePath: EXECUTABLE, args: [...ARGS, ...keyLog] });
}

export interface TabbedChromium {
  /** The browser's own context: its pages are tabs of one window, and only the tab in front is visible. */
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Debian's Chromium in which a page really is hidden while another tab is in front, with its timers
 * throttled as a user's would be. A browser Playwright launches keeps every page visible: it turns on
 * focus emulation for each page it opens, which holds the page visible in Chromium, and passes
 * --disable-background-timer-throttling and --disable-renderer-backgrounding. So this starts Chromium
 * itself and attaches over CDP without Playwright's defaults (`noDefaults`).
 */
export async function launchTabbedChromium(): Promise<TabbedChromium> {
  const profile = await mkdtemp(path.join(tmpdir(), 'ticker-chromium-'));
  // Its own process group, so that the helpers it forks (renderer, crashpad) can be stopped with it:
  // one still writing into the profile made removing it fail with ENOTEMPTY.
  const child = spawn(EXECUTABLE, [...ARGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 6000);
      await exited;
      clearTimeout(timer);
    }
    killGroup(child.pid);
    await rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      const timer = setTimeout(() => reject(new Error(`Chromium did not open its DevTools port:\n${stderr}`)), START_TIMEOUT_MS);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`Chromium exited before opening its DevTools port:\n${stderr}`));
      });
    });
    const browser = await chromium.connectOverCDP(endpoint, { noDefaults: true, isLocal: true });
    const context = browser.contexts()[0];
    if (!context) throw new Error('Chromium has no default context');
    return {
      context,
      async close() {
        await browser.close();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
