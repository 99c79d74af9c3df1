import { parseArgs } from 'node:util';
import { z } from 'zod';
import { isLoopbackHost } from '../../../lib/net/loopback';
import { integerText } from '../../../server/config';
import type { LoadPlan } from './load-generator';
import { errorMessage } from '../../../lib/format/error-message';

// The load generator's command line, read once and validated here: runLoad receives a LoadPlan it can trust.

/** Caps, so one command cannot exhaust the machine's ports and file descriptors or run all night. */
export const LOAD_LIMITS = {
  socketio: 20_000,
  pollers: 5_000,
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
  socketio: integerText('--socketio', 0, LOAD_LIMITS.socketio),
  pollers: integerText('--pollers', 0, LOAD_LIMITS.pollers),
  intervalMs: integerText('--interval', LOAD_LIMITS.intervalMs.min, LOAD_LIMITS.intervalMs.max),
  durationSeconds: integerText('--duration', 1, LOAD_LIMITS.durationSeconds),
  batch: integerText('--batch', 1, LOAD_LIMITS.batch),
});

export const USAGE = `Usage: npm run load -- [options] [server URL]

Adds simulated viewers to a running server (default ${DEFAULT_URL}; loopback only), checks every
viewer's sequence numbers for gaps and duplicates and times every tick from its server timestamp.

Options:
  --socketio <n>    Socket.IO viewers, 0–${LOAD_LIMITS.socketio.toLocaleString('en-US')}                      default 100
  --pollers <n>     polling viewers, 0–${LOAD_LIMITS.pollers.toLocaleString('en-US')}                         default 10
  --interval <ms>   poll interval, ${LOAD_LIMITS.intervalMs.min}–${LOAD_LIMITS.intervalMs.max.toLocaleString('en-US')} ms                      default 1000
  --duration <s>    how long to run, 1–${LOAD_LIMITS.durationSeconds} s, ramp-up included        default 30
  --batch <n>       viewers opened at once while ramping up, 1–${LOAD_LIMITS.batch}   default 200
  --help            show this text

Exits 1 if any viewer failed to connect, lost its connection or a poll, saw a gap or a duplicate,
or received no tick at all; 2 on bad options.`;

export type LoadOptionsResult = { ok: true; plan: LoadPlan } | { ok: false; message: string } | { ok: 'help' };

export function readLoadOptions(argv: readonly string[]): LoadOptionsResult {
  let parsedArgs;
  try {
    parsedArgs = parseArgs({
      args: [...argv],
      options: {
        socketio: { type: 'string' },
        pollers: { type: 'string' },
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
  const { values, positionals } = parsedArgs;
  if (values.help) return { ok: 'help' };
  if (positionals.length > 1) return { ok: false, message: `give one server URL, not ${positionals.length}` };

  const parsed = optionsSchema.safeParse({
    url: positionals[0] ?? DEFAULT_URL,
    socketio: values.socketio ?? '100',
    pollers: values.pollers ?? '10',
    intervalMs: values.interval ?? '1000',
    durationSeconds: values.duration ?? '30',
    batch: values.batch ?? '200',
  });
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((issue) => issue.message).join('; ') };
  const { durationSeconds, ...rest } = parsed.data;
  if (rest.socketio + rest.pollers === 0) return { ok: false, message: 'nothing to do: give --socketio or --pollers more than 0' };
  return { ok: true, plan: { ...rest, durationMs: durationSeconds * 1000 } };
}
