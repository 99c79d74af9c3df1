import { parseArgs } from 'node:util';
import { z } from 'zod';
import { isLoopbackHost } from '../../../lib/net/loopback';
import { perMode, TRANSPORT_MODES, type TransportMode } from '../../../lib/protocol/transport-mode';
import { integerText } from '../../../server/config';
import type { LoadPlan } from './load-generator';
import { errorMessage } from '../../../lib/format/error-message';

// The load generator's command line, read once and validated here: runLoad receives a LoadPlan it can trust.

/** Each mode's option on the command line, what it counts, its default, and its cap. */
const MODE_OPTIONS: Readonly<
  Record<TransportMode, { readonly flag: string; readonly what: string; readonly byDefault: number; readonly max: number }>
> = {
  socketio: { flag: 'socketio', what: 'Socket.IO viewers', byDefault: 100, max: 20_000 },
  websocket: { flag: 'websockets', what: 'plain WebSocket viewers', byDefault: 100, max: 20_000 },
  sse: { flag: 'sse', what: 'Server-Sent Events viewers', byDefault: 100, max: 20_000 },
  longpolling: { flag: 'long-pollers', what: 'long-polling viewers', byDefault: 10, max: 5_000 },
  polling: { flag: 'pollers', what: 'polling viewers', byDefault: 10, max: 5_000 },
};

/** Caps, so one command cannot exhaust the machine's ports and file descriptors or run all night. */
export const LOAD_LIMITS = {
  /** Viewers of all modes together: each is a connection from one of the machine's ephemeral ports. */
  viewers: 25_000,
  intervalMs: { min: 50, max: 60_000 },
  durationSeconds: 600,
  batch: 1_000,
} as const;

export const DEFAULT_URL = 'http://127.0.0.1:3000';

const serverUrl = z.string().transform((text, context) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    context.addIssue({ code: 'custom', message: `${text} is not a URL (e.g. ${DEFAULT_URL})` });
    return z.NEVER;
  }
  if (url.protocol !== 'http:') {
    context.addIssue({
      code: 'custom',
      message: `${url.protocol}// is not supported: give an http:// URL (the load generator speaks plain HTTP and WebSocket)`,
    });
    return z.NEVER;
  }
  if (!isLoopbackHost(url.hostname)) {
    context.addIssue({ code: 'custom', message: `loopback only: ${url.hostname} is not this machine (use 127.0.0.1, ::1 or localhost)` });
    return z.NEVER;
  }
  return new URL(url.origin);
});

const optionsSchema = z.object({
  url: serverUrl,
  viewers: z.object(perMode((mode) => integerText(`--${MODE_OPTIONS[mode].flag}`, 0, MODE_OPTIONS[mode].max))),
  intervalMs: integerText('--interval', LOAD_LIMITS.intervalMs.min, LOAD_LIMITS.intervalMs.max),
  durationSeconds: integerText('--duration', 1, LOAD_LIMITS.durationSeconds),
  batch: integerText('--batch', 1, LOAD_LIMITS.batch),
});

const count = (n: number) => n.toLocaleString('en-US');
const modeLines = TRANSPORT_MODES.map((mode) => {
  const { flag, what, byDefault, max } = MODE_OPTIONS[mode];
  return `  ${`--${flag} <n>`.padEnd(20)}${`${what}, 0–${count(max)}`.padEnd(48)}default ${byDefault}`;
});

export const USAGE = `Usage: npm run load -- [options] [server URL]

Adds simulated viewers of each mode to a running server (default ${DEFAULT_URL}; loopback only),
checks every viewer's sequence numbers for gaps and duplicates and times every tick from its server
timestamp. At most ${count(LOAD_LIMITS.viewers)} viewers in all.

Options:
${modeLines.join('\n')}
  ${'--interval <ms>'.padEnd(20)}${`poll interval, ${LOAD_LIMITS.intervalMs.min}–${count(LOAD_LIMITS.intervalMs.max)} ms`.padEnd(48)}default 1000
  ${'--duration <s>'.padEnd(20)}${`how long to run, 1–${LOAD_LIMITS.durationSeconds} s, ramp-up included`.padEnd(48)}default 30
  ${'--batch <n>'.padEnd(20)}${`viewers opened at once while ramping, 1–${LOAD_LIMITS.batch}`.padEnd(48)}default 200
  --help              show this text

Long pollers ask again as soon as they are answered; --interval is the pollers' alone.
Exits 1 if any viewer failed to connect, lost its connection or a poll, saw a gap or a duplicate,
or received no tick at all; 2 on bad options.`;

export type LoadOptionsResult = { ok: true; plan: LoadPlan } | { ok: false; message: string } | { ok: 'help' };

export function readLoadOptions(argv: readonly string[]): LoadOptionsResult {
  let parsedArgs;
  try {
    parsedArgs = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(TRANSPORT_MODES.map((mode) => [MODE_OPTIONS[mode].flag, { type: 'string' } as const])),
        interval: { type: 'string' },
        duration: { type: 'string' },
        batch: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
  const { positionals } = parsedArgs;
  // The mode options' names are made from MODE_OPTIONS, so the parsed values are read by name.
  const values: Readonly<Record<string, unknown>> = parsedArgs.values;
  if (values.help === true) return { ok: 'help' };
  if (positionals.length > 1) return { ok: false, message: `give one server URL, not ${positionals.length}` };

  const text = (name: string, byDefault: number): string => {
    const value = values[name];
    return typeof value === 'string' ? value : String(byDefault);
  };
  const parsed = optionsSchema.safeParse({
    url: positionals[0] ?? DEFAULT_URL,
    viewers: perMode((mode) => text(MODE_OPTIONS[mode].flag, MODE_OPTIONS[mode].byDefault)),
    intervalMs: text('interval', 1000),
    durationSeconds: text('duration', 30),
    batch: text('batch', 200),
  });
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((issue) => issue.message).join('; ') };
  const { durationSeconds, ...rest } = parsed.data;
  const total = TRANSPORT_MODES.reduce((sum, mode) => sum + rest.viewers[mode], 0);
  const flags = TRANSPORT_MODES.map((mode) => `--${MODE_OPTIONS[mode].flag}`);
  if (total === 0) return { ok: false, message: `nothing to do: give ${flags.slice(0, -1).join(', ')} or ${flags.at(-1) ?? ''} more than 0` };
  if (total > LOAD_LIMITS.viewers) return { ok: false, message: `${count(total)} viewers in all is more than ${count(LOAD_LIMITS.viewers)}` };
  return { ok: true, plan: { ...rest, durationMs: durationSeconds * 1000 } };
}
