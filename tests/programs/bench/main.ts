// `npm run bench`: the tick payload size, polling throughput, browser rendering and WebSocket benchmarks,
// one after the other, then a Markdown report printed and written to tests/programs/bench/results/latest.md.
// The options are in USAGE below (`npm run bench -- --help` prints them).
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runBrowserRender, type BrowserRenderResult } from './benchmarks/browser-render';
import { runClusterThroughput, type ClusterThroughputResult } from './benchmarks/cluster-throughput';
import { stopAllChildren } from './processes/child-process';
import { fdLimitProblem, readFdLimits } from './processes/fd-limit';
import { KAAZING_VIEWERS, runKaazing, type KaazingResult } from './benchmarks/kaazing';
import { kaazingPlot } from './report/kaazing-plot';
import { kaazingMarkdown } from './report/kaazing-table';
import { describeMachine } from './report/machine-info';
import { ensurePageBuild } from './benchmarks/page-build';
import { runPayloadSize, type PayloadSizeResult } from './benchmarks/payload-size';
import { runPollThroughput, type PollThroughputResult } from './benchmarks/poll-throughput';
import { renderReport, type Outcome } from './report/results-table';
import { runSoak, SOAK_DEFAULT_MINUTES, type SoakResult } from './benchmarks/soak';
import { PUSH_CPU_CONTENDERS, runPushCpu, WS_CPU_CONTENDERS, type PushCpuResult } from './benchmarks/push-cpu';
import { runWebSocketScale, type WebSocketScaleResult } from './benchmarks/websocket-scale';
import { wrkVersion } from './processes/wrk';
import { errorMessage } from '../../../lib/format/error-message';

const RESULTS_DIR = path.join(import.meta.dirname, 'results');
const RESULTS_FILE = path.join(RESULTS_DIR, 'latest.md');
const BENCHES = ['payload', 'poll', 'browser', 'ws-cpu', 'push-cpu', 'ws-scale', 'kaazing', 'cluster', 'soak'] as const;
type BenchName = (typeof BENCHES)[number];
/** The full run: everything but the soak, and push-cpu instead of ws-cpu (it measures the same and more). */
const DEFAULT_BENCHES: readonly BenchName[] = BENCHES.filter((name) => name !== 'soak' && name !== 'ws-cpu');
const MAX_SOAK_MINUTES = 120;
/** Sockets the largest load of each viewer benchmark puts in one process: the server's, and at most that in a worker. */
const SOCKETS_NEEDED: Partial<Record<BenchName, number>> = {
  'ws-cpu': 2_000,
  'push-cpu': 2_000,
  'ws-scale': 10_000,
  kaazing: Math.max(...KAAZING_VIEWERS),
  cluster: 2_000,
  soak: 2_200,
};

const USAGE = `npm run bench [-- options]
  --only <names>        run only these, comma-separated (the report is printed, not written): ${BENCHES.join(', ')}
  --quick               the viewer benchmarks at small sizes, to try them out; nothing is written
  --soak                add the soak (${SOAK_DEFAULT_MINUTES} minutes) to the full run; it is left out otherwise
  --soak-minutes <n>    how long the soak runs (default ${SOAK_DEFAULT_MINUTES}, at most ${MAX_SOAK_MINUTES})
  --rebuild             run \`npm run build\` even when the production build looks current
  --help                print this and stop
The Kaazing table, plot and figures go to tests/programs/bench/results/kaazing.{md,svg,json} whenever that
benchmark runs, unless --quick.
Exit code 0 whatever the verdicts; 1 when a benchmark could not be run at all, 2 on bad options.`;

function readArgs() {
  try {
    return parseArgs({
      options: {
        only: { type: 'string' },
        quick: { type: 'boolean', default: false },
        soak: { type: 'boolean', default: false },
        'soak-minutes': { type: 'string' },
        rebuild: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    console.error(`error: ${errorMessage(error)}\n\n${USAGE}`);
    process.exit(2);
  }
}
const values = readArgs();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const isBench = (name: string): name is BenchName => (BENCHES as readonly string[]).includes(name);
const only = values.only?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !isBench(name));
if (unknown?.length) {
  console.error(`error: --only takes names from ${BENCHES.join(', ')} (comma-separated), not ${unknown.join(', ')}`);
  process.exit(2);
}
const soakMinutes = Number(values['soak-minutes'] ?? SOAK_DEFAULT_MINUTES);
if (!Number.isFinite(soakMinutes) || soakMinutes <= 0 || soakMinutes > MAX_SOAK_MINUTES) {
  console.error(`error: --soak-minutes takes a number of minutes above 0 and up to ${MAX_SOAK_MINUTES}, not ${values['soak-minutes']}`);
  process.exit(2);
}
const selected = new Set<BenchName>(only?.filter(isBench) ?? [...DEFAULT_BENCHES, ...(values.soak ? (['soak'] as const) : [])]);
const wants = (name: BenchName) => selected.has(name);
/** A trial at small sizes: every step runs, in a fraction of the time, and its figures mean little. */
const quick = values.quick;
const QUICK_CPU = { viewers: 200, rounds: 1, warmupSeconds: 1, windowSeconds: 3 } as const;
const QUICK_KAAZING = { viewers: [100, 1_000], warmupSeconds: 2, windowSeconds: 3 } as const;
/** Whether the run writes its results: a full run at full size does; --only and --quick print them. */
const writes = only === undefined && !quick;
process.chdir(path.resolve(import.meta.dirname, '../../..'));

const abort = (message: string, code: number) => {
  console.error(message);
  void stopAllChildren().finally(() => process.exit(code));
};
process.once('SIGINT', () => abort('interrupted: stopping the servers and browsers this run started', 130));
process.once('SIGTERM', () => abort('terminated: stopping the servers and browsers this run started', 143));
/** Far above a normal run (about 20 minutes, a build, and the soak): only a hang gets here. */
const WATCHDOG_MS = (40 + (wants('soak') ? soakMinutes + 5 : 0)) * 60_000;
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
    const message = errorMessage(error);
    console.error(`error: ${name} could not be run: ${message}`);
    return { ran: false, error: message };
  }
}

const wantPayload = wants('payload');
const wantPoll = wants('poll');
const wantBrowser = wants('browser');
const fdLimits = readFdLimits();
const fdProblem = fdLimitProblem(Math.max(0, ...[...selected].map((name) => SOCKETS_NEEDED[name] ?? 0)), fdLimits);
if (fdProblem) {
  // Said before anything runs, instead of as a crash 10,000 sockets in.
  console.error(`error: the WebSocket benchmarks cannot run here: ${fdProblem}`);
  process.exit(1);
}
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
if (wantPoll) poll = await attempt('polling endpoint vs bare node:http (wrk, about 3 min)', () => runPollThroughput());
if (wantBrowser) {
  browser = await attempt('100 symbols at 10 ticks/s in Chromium (about 1.5 min)', async () => {
    const pages = await ensurePageBuild(values.rebuild);
    build = `${pages.action} (${pages.reason})`;
    return runBrowserRender();
  });
}
let pushCpu: Outcome<PushCpuResult> | undefined;
let wsScale: Outcome<WebSocketScaleResult> | undefined;
let kaazing: Outcome<KaazingResult> | undefined;
let soak: Outcome<SoakResult> | undefined;
let cluster: Outcome<ClusterThroughputResult> | undefined;
if (wants('push-cpu'))
  pushCpu = await attempt('server CPU per tick, every push mode vs raw ws and stock Socket.IO, 2,000 viewers (about 5 min)', () =>
    runPushCpu(fdLimits, { contenders: PUSH_CPU_CONTENDERS, ...(quick ? QUICK_CPU : {}) }),
  );
else if (wants('ws-cpu'))
  pushCpu = await attempt('server CPU per tick, Socket.IO vs raw ws and stock Socket.IO, 2,000 viewers (about 3 min)', () =>
    runPushCpu(fdLimits, { contenders: WS_CPU_CONTENDERS, ...(quick ? QUICK_CPU : {}) }),
  );
if (wants('ws-scale')) wsScale = await attempt('10,000 subscribers, Socket.IO and raw ws (about 2 min)', () => runWebSocketScale(fdLimits));
if (wants('kaazing'))
  kaazing = await attempt('the Quantum Leap table, 100 to 10,000 viewers of each mode until it saturates (about 9 min)', () =>
    runKaazing(fdLimits, quick ? QUICK_KAAZING : {}),
  );
if (wants('cluster')) {
  cluster = await attempt('two processes on Redis against one, 2,000 subscribers (about 1.5 min)', () => runClusterThroughput(fdLimits));
}
if (wants('soak'))
  soak = await attempt(`soak, 2,000 subscribers + 200 pollers (${soakMinutes} min)`, () => runSoak(fdLimits, { minutes: soakMinutes }));
clearTimeout(watchdog);

const machine = await describeMachine();
if (kaazing?.ran && !quick) {
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(path.join(RESULTS_DIR, 'kaazing.md'), kaazingMarkdown(kaazing.result, machine, date));
  const caption = `Measured ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC · ${machine.cpu}, ${machine.cores} cores · Node ${machine.node} · polling every 1 s · hollow point: saturated`;
  await writeFile(path.join(RESULTS_DIR, 'kaazing.svg'), kaazingPlot(kaazing.result, caption));
  // The figures themselves too, so the table and plot can be redrawn or compared without a rerun.
  await writeFile(path.join(RESULTS_DIR, 'kaazing.json'), `${JSON.stringify({ date, machine, ...kaazing.result }, null, 2)}\n`);
  console.log(`the Quantum Leap table, plot and figures written to ${path.relative(process.cwd(), RESULTS_DIR)}/kaazing.{md,svg,json}`);
}

const report = renderReport({
  date,
  machine,
  chromium: browser?.ran ? browser.result.chromiumVersion : 'not run',
  wrk: wantPoll ? await wrkVersion() : 'wrk not run',
  build,
  payload,
  poll,
  browser,
  webSockets: { cpu: pushCpu, scale: wsScale, soak, kaazing, cluster },
});
console.log(`\n${report}`);
if (quick) console.log('--quick: the viewer benchmarks ran at small sizes; their figures and verdicts mean little');
if (writes) {
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(RESULTS_FILE, report);
  console.log(`written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
}
await stopAllChildren();
const outcomes = [payload, poll, browser, pushCpu, wsScale, kaazing, cluster, soak];
process.exit(outcomes.some((outcome) => outcome?.ran === false) ? 1 : 0);
