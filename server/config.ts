import { parseArgs } from 'node:util';
import { z } from 'zod';
import { MARKET_LIMITS } from '../lib/market/market-config';
import { BURST_SECONDS, DEFAULT_ABUSE_LIMITS, type AbuseLimits } from './guard/abuse-limits';
import { errorMessage } from '../lib/format/error-message';

// The one place that reads process.env and argv: everything else receives a validated ServerConfig.

/** A whole number given as text (an option or a variable), within [min, max]; errors name it. */
export const integerText = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform((text) => Number.parseInt(text, 10))
    .pipe(z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

const MAX_WORKERS = 16;
/** Far above anything one client or one address needs; a benchmark can raise a limit out of its way. */
const MAX_LIMIT = 1_000_000;

/** A comma-separated list of origins (scheme://host[:port]), normalized as browsers send them. */
const originList = z.string().transform((text, context) => {
  const origins: string[] = [];
  for (const item of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    let url: URL | undefined;
    try {
      url = new URL(item);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username) {
      context.addIssue({ code: 'custom', message: `${item} is not an origin: give scheme://host[:port], e.g. https://a.example` });
      return z.NEVER;
    }
    origins.push(url.origin);
  }
  return origins;
});

const configSchema = z.object({
  port: integerText('port', 0, 65_535).default(3000),
  host: z.string().min(1, 'host must not be empty').default('0.0.0.0'),
  symbols: integerText('symbols', MARKET_LIMITS.symbols.min, MARKET_LIMITS.symbols.max).default(20),
  tickMs: integerText('tick interval (ms)', MARKET_LIMITS.tickIntervalMs.min, MARKET_LIMITS.tickIntervalMs.max).default(100),
  seed: integerText('seed', 0, 0xffff_ffff).default(1),
  dev: z.boolean().default(false),
  tls: z.boolean().default(false),
  tlsCert: z.string().min(1, 'the TLS certificate path must not be empty').optional(),
  tlsKey: z.string().min(1, 'the TLS key path must not be empty').optional(),
  redisUrl: z.url({ protocol: /^rediss?$/, error: 'the Redis URL must look like redis://host:6379 (or rediss:// for TLS)' }).optional(),
  workers: integerText('workers', 1, MAX_WORKERS).default(1),
  limits: z.object({
    pollRatePerTab: integerText('poll rate per tab', 1, MAX_LIMIT).default(DEFAULT_ABUSE_LIMITS.pollRatePerTab),
    pollRatePerAddress: integerText('poll rate per address', 1, MAX_LIMIT).default(DEFAULT_ABUSE_LIMITS.pollRatePerAddress),
    maxConnectionsPerAddress: integerText('connections per address', 1, MAX_LIMIT).default(DEFAULT_ABUSE_LIMITS.maxConnectionsPerAddress),
    allowedOrigins: originList.default([]),
    limitLoopback: z.boolean().default(false),
  }) satisfies z.ZodType<AbuseLimits>,
});

const switchText = (name: string) =>
  z
    .string()
    .regex(/^(1|0|true|false|yes|no|on|off)$/i, `${name} must be 1, 0, true, false, yes, no, on or off`)
    .transform((text) => /^(1|true|yes|on)$/i.test(text));

export type ServerConfig = z.output<typeof configSchema>;

export const USAGE = `Usage: npm start -- [options]   (or: tsx server/main.ts [options])

Options (each also read from the environment variable in brackets; an option wins over the variable):
  --port <n>        port to listen on, 0 for any free one            [PORT]     default 3000
  --host <addr>     address to listen on                              [HOST]     default 0.0.0.0
  --symbols <n>     how many symbols trade, ${MARKET_LIMITS.symbols.min}–${MARKET_LIMITS.symbols.max}                     [SYMBOLS]  default 20
  --tick-ms <n>     milliseconds between ticks, ${MARKET_LIMITS.tickIntervalMs.min}–${MARKET_LIMITS.tickIntervalMs.max}          [TICK_MS]  default 100
  --seed <n>        seed of the simulated prices                      [SEED]     default 1
  --tls             serve https and wss, with a self-signed certificate
                    made at start unless --tls-cert and --tls-key      [TLS]      default off
  --tls-cert <file> PEM certificate to serve (turns on --tls)         [TLS_CERT]
  --tls-key <file>  PEM private key of that certificate               [TLS_KEY]
  --redis-url <url> share one market with every process started with the
                    same Redis, e.g. redis://127.0.0.1:6379           [REDIS_URL] default: none,
                    this process keeps the market to itself
  --workers <n>     run n processes on the one port, 1–${MAX_WORKERS}; more than one
                    needs --redis-url                                 [WORKERS]  default 1
  --poll-rate <n>   polls a second one tab may make, in bursts of up to
                    ${BURST_SECONDS} s worth; more are answered 429                  [POLL_RATE] default ${DEFAULT_ABUSE_LIMITS.pollRatePerTab}
  --poll-rate-per-address <n>
                    polls a second from one address, any tab          [POLL_RATE_PER_ADDRESS] default ${DEFAULT_ABUSE_LIMITS.pollRatePerAddress}
  --max-connections-per-address <n>
                    open connections one address may hold             [MAX_CONNECTIONS_PER_ADDRESS] default ${DEFAULT_ABUSE_LIMITS.maxConnectionsPerAddress}
  --limit-loopback  apply the per-address limits to loopback too;
                    behind a reverse proxy every client is loopback   [LIMIT_LOOPBACK] default off
  --allowed-origins <list>
                    origins besides this server's own whose pages may
                    use its API and Socket.IO, comma-separated,
                    e.g. https://a.example,https://b.example          [ALLOWED_ORIGINS] default: none
  --dev             Next.js development mode with hot reload
  --help            show this text`;

export type ConfigResult = { ok: true; config: ServerConfig } | { ok: false; message: string } | { ok: 'help' };

export function readConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ConfigResult {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        symbols: { type: 'string' },
        'tick-ms': { type: 'string' },
        seed: { type: 'string' },
        dev: { type: 'boolean' },
        tls: { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'redis-url': { type: 'string' },
        workers: { type: 'string' },
        'poll-rate': { type: 'string' },
        'poll-rate-per-address': { type: 'string' },
        'max-connections-per-address': { type: 'string' },
        'limit-loopback': { type: 'boolean' },
        'allowed-origins': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
  if (values.help) return { ok: 'help' };

  const pick = (flag: string | undefined, variable: string | undefined) => flag ?? (variable || undefined);
  const tlsSwitch = env.TLS ? switchText('TLS').safeParse(env.TLS) : undefined;
  if (tlsSwitch && !tlsSwitch.success) return { ok: false, message: tlsSwitch.error.issues.map((i) => i.message).join('; ') };
  const loopbackSwitch = env.LIMIT_LOOPBACK ? switchText('LIMIT_LOOPBACK').safeParse(env.LIMIT_LOOPBACK) : undefined;
  if (loopbackSwitch && !loopbackSwitch.success) {
    return { ok: false, message: loopbackSwitch.error.issues.map((i) => i.message).join('; ') };
  }
  const tlsCert = pick(values['tls-cert'], env.TLS_CERT);
  const tlsKey = pick(values['tls-key'], env.TLS_KEY);
  if ((tlsCert === undefined) !== (tlsKey === undefined)) {
    return { ok: false, message: 'give both a TLS certificate and its key (--tls-cert and --tls-key), or neither' };
  }
  const parsed = configSchema.safeParse({
    port: pick(values.port, env.PORT),
    host: pick(values.host, env.HOST),
    symbols: pick(values.symbols, env.SYMBOLS),
    tickMs: pick(values['tick-ms'], env.TICK_MS),
    seed: pick(values.seed, env.SEED),
    dev: values.dev ?? false,
    // Certificate files mean TLS, whatever else was said.
    tls: (values.tls ?? tlsSwitch?.data ?? false) || tlsCert !== undefined,
    tlsCert,
    tlsKey,
    redisUrl: pick(values['redis-url'], env.REDIS_URL),
    workers: pick(values.workers, env.WORKERS),
    limits: {
      pollRatePerTab: pick(values['poll-rate'], env.POLL_RATE),
      pollRatePerAddress: pick(values['poll-rate-per-address'], env.POLL_RATE_PER_ADDRESS),
      maxConnectionsPerAddress: pick(values['max-connections-per-address'], env.MAX_CONNECTIONS_PER_ADDRESS),
      allowedOrigins: pick(values['allowed-origins'], env.ALLOWED_ORIGINS),
      limitLoopback: values['limit-loopback'] ?? loopbackSwitch?.data ?? false,
    },
  });
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues.map((issue) => issue.message).join('; ') };
  }
  const config = parsed.data;
  if (config.workers > 1 && config.redisUrl === undefined) {
    return { ok: false, message: 'several workers share one market through Redis: give --redis-url as well' };
  }
  if (config.workers > 1 && config.tls && config.tlsCert === undefined) {
    return {
      ok: false,
      message: 'several workers must serve one certificate: give --tls-cert and --tls-key (each would make its own otherwise)',
    };
  }
  return { ok: true, config };
}
