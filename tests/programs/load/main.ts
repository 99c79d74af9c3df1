import { TRANSPORT_LABELS, TRANSPORT_MODES } from '../../../lib/protocol/transport-mode';
import { runLoad } from './load-generator';
import { readLoadOptions, USAGE } from './load-options';
import { ProgressLine, problemsOf, summaryTable } from './load-report';

// `npm run load -- …`: the command line around runLoad. See load-options.ts for the options.

const result = readLoadOptions(process.argv.slice(2));
if (result.ok === 'help') {
  console.log(USAGE);
  process.exit(0);
}
if (!result.ok) {
  console.error(`error: ${result.message} (see --help)`);
  process.exit(2);
}
const { plan } = result;

/** Longest the close after Ctrl-C may take: polls in flight time out after 10 s, WebSockets after 2 s. */
const CLOSE_DEADLINE_MS = 15_000;

const interrupt = new AbortController();
// Ctrl-C reaches this process both from the terminal and relayed by npm and tsx, so any further SIGINT is
// the same one, not a second request: the deadline is what bounds the close.
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) return;
  console.log('SIGINT: closing every viewer');
  interrupt.abort();
  setTimeout(() => process.exit(130), CLOSE_DEADLINE_MS).unref();
});

const counts = TRANSPORT_MODES.filter((mode) => plan.viewers[mode] > 0).map(
  (mode) =>
    `${plan.viewers[mode].toLocaleString('en-US')} ${TRANSPORT_LABELS[mode]}${mode === 'polling' ? ` (every ${plan.intervalMs} ms)` : ''}`,
);
console.log(
  `Load on ${plan.url.origin}: ${counts.join(', ')} viewers, for ${plan.durationMs / 1000} s, opened ${plan.batch} at a time per mode`,
);
const progress = new ProgressLine();
const run = await runLoad(plan, {
  signal: interrupt.signal,
  onSecond: (tallies, elapsedMs) => console.log(progress.line(tallies, elapsedMs)),
});
console.log(`\n${summaryTable(run, plan.url)}`);
process.exit(problemsOf(run).length === 0 ? 0 : 1);
