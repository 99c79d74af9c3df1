// `npm run bench`: the tick payload size, polling throughput and browser rendering benchmarks, one after
// the other, then a Markdown report printed and written to tests/bench/results/latest.md. Options:
//   --only payload|poll|browser   run one of them (the report is printed, not written)
//   --rebuild             run `npm run build` even when the production build looks current
// Exit code 0 whatever the verdicts; 1 when a benchmark could not be run at all.
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runBrowserRender, type BrowserRenderResult } from './browser-render';
import { stopAllChildren } from './child-process';
import { describeMachine } from './machine-info';
import { ensurePageBuild } from './page-build';
import { runPayloadSize, type PayloadSizeResult } from './payload-size';
import { runPollThroughput, type PollThroughputResult } from './poll-throughput';
import { renderReport, type Outcome } from './results-table';
import { wrkVersion } from './wrk';

const RESULTS_FILE = path.join(import.meta.dirname, 'results', 'latest.md');
/** Far above a normal run (about 2 minutes plus a build): only a hang gets here. */
const WATCHDOG_MS = 20 * 60_000;

const { values } = parseArgs({
  options: { only: { type: 'string' }, rebuild: { type: 'boolean', default: false } },
  strict: true,
  allowPositionals: false,
});
const only = values.only;
if (only !== undefined && only !== 'payload' && only !== 'poll' && only !== 'browser') {
  console.error(`error: --only takes payload, poll or browser, not ${only}`);
  process.exit(2);
}
process.chdir(path.resolve(import.meta.dirname, '../..'));

const abort = (message: string, code: number) => {
  console.error(message);
  void stopAllChildren().finally(() => process.exit(code));
};
process.once('SIGINT', () => abort('interrupted: stopping the servers and browsers this run started', 130));
process.once('SIGTERM', () => abort('terminated: stopping the servers and browsers this run started', 143));
const watchdog = setTimeout(() => abort(`error: the benchmarks ran longer than ${WATCHDOG_MS / 60_000} min`, 1), WATCHDOG_MS);

/** Installs a Debian package when its program is missing (as root), else says how to get it. */
function ensureTool(program: string, debianPackage: string, purpose: string): boolean {
  const script = '.ci/ensure-debian-package.sh';
  return spawnSync('bash', [script, program, debianPackage, purpose], { stdio: 'inherit' }).status === 0;
}

async function attempt<T>(name: string, run: () => Promise<T>): Promise<Outcome<T>> {
  console.log(`running: ${name} …`);
  try {
    return { ran: true, result: await run() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`error: ${name} could not be run: ${message}`);
    return { ran: false, error: message };
  }
}

const wantPayload = only === undefined || only === 'payload';
const wantPoll = only === undefined || only === 'poll';
const wantBrowser = only === undefined || only === 'browser';
if (
  (wantPoll && !ensureTool('wrk', 'wrk', 'the polling benchmark')) ||
  (wantBrowser && !ensureTool('/usr/bin/chromium', 'chromium', 'the browser benchmark'))
) {
  process.exit(1);
}

const date = new Date();
let payload: Outcome<PayloadSizeResult> | undefined;
let poll: Outcome<PollThroughputResult> | undefined;
let browser: Outcome<BrowserRenderResult> | undefined;
let build = 'not needed';
if (wantPayload) payload = await attempt('tick payload and Socket.IO wire bytes (a few seconds)', () => runPayloadSize());
if (wantPoll) poll = await attempt('polling endpoint vs bare node:http (wrk, about 1 min)', () => runPollThroughput());
if (wantBrowser) {
  browser = await attempt('100 symbols at 10 ticks/s in Chromium (about 1.5 min)', async () => {
    const pages = await ensurePageBuild(values.rebuild);
    build = `${pages.action} (${pages.reason})`;
    return runBrowserRender();
  });
}
clearTimeout(watchdog);

const report = renderReport({
  date,
  machine: await describeMachine(),
  chromium: browser?.ran ? browser.result.chromiumVersion : 'not run',
  wrk: wantPoll ? await wrkVersion() : 'wrk not run',
  build,
  payload,
  poll,
  browser,
});
console.log(`\n${report}`);
if (only === undefined) {
  await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, report);
  console.log(`written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
}
await stopAllChildren();
process.exit(payload?.ran === false || poll?.ran === false || browser?.ran === false ? 1 : 0);
