import { describe, expect, it } from 'vitest';
import { DEFAULT_ABUSE_LIMITS } from '../../server/guard/abuse-limits';
import { readConfig, USAGE, type ConfigResult } from '../../server/config';

/** Next's types make NODE_ENV a required member of ProcessEnv. */
function env(variables: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { NODE_ENV: 'test', ...variables };
}

function messageOf(result: ConfigResult): string {
  if (result.ok !== false) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return result.message;
}

describe('readConfig', () => {
  it('should use the documented defaults without flags or variables', () => {
    expect(readConfig([], env())).toEqual({
      ok: true,
      config: {
        port: 3000,
        host: '0.0.0.0',
        symbols: 20,
        tickMs: 100,
        seed: 1,
        dev: false,
        tls: false,
        workers: 1,
        limits: DEFAULT_ABUSE_LIMITS,
      },
    });
  });

  it('should read every option from flags', () => {
    const result = readConfig(
      ['--port', '0', '--host', '127.0.0.1', '--symbols', '500', '--tick-ms', '10', '--seed', '4294967295', '--dev'],
      env(),
    );
    expect(result).toEqual({
      ok: true,
      config: {
        port: 0,
        host: '127.0.0.1',
        symbols: 500,
        tickMs: 10,
        seed: 4_294_967_295,
        dev: true,
        tls: false,
        workers: 1,
        limits: DEFAULT_ABUSE_LIMITS,
      },
    });
  });

  it('should read every option from the environment', () => {
    const variables = { PORT: '8080', HOST: '::1', SYMBOLS: '1', TICK_MS: '60000', SEED: '0' };
    expect(readConfig([], env(variables))).toEqual({
      ok: true,
      config: {
        port: 8080,
        host: '::1',
        symbols: 1,
        tickMs: 60_000,
        seed: 0,
        dev: false,
        tls: false,
        workers: 1,
        limits: DEFAULT_ABUSE_LIMITS,
      },
    });
  });

  it('should turn TLS on with --tls, with TLS=1, or with certificate files', () => {
    expect(readConfig(['--tls'], env())).toMatchObject({ ok: true, config: { tls: true } });
    expect(readConfig([], env({ TLS: 'true' }))).toMatchObject({ ok: true, config: { tls: true } });
    expect(readConfig([], env({ TLS: '0' }))).toMatchObject({ ok: true, config: { tls: false } });
    expect(readConfig(['--tls-cert', 'c.pem', '--tls-key', 'k.pem'], env())).toEqual({
      ok: true,
      config: {
        port: 3000,
        host: '0.0.0.0',
        symbols: 20,
        tickMs: 100,
        seed: 1,
        dev: false,
        tls: true,
        tlsCert: 'c.pem',
        tlsKey: 'k.pem',
        workers: 1,
        limits: DEFAULT_ABUSE_LIMITS,
      },
    });
    expect(readConfig([], env({ TLS_CERT: 'c.pem', TLS_KEY: 'k.pem' }))).toMatchObject({ ok: true, config: { tls: true, tlsCert: 'c.pem' } });
  });

  it('should let a flag win over its variable', () => {
    const result = readConfig(['--port=4000', '--seed', '9'], env({ PORT: '5000', SEED: '3', SYMBOLS: '7' }));
    expect(result).toMatchObject({ ok: true, config: { port: 4000, seed: 9, symbols: 7 } });
  });

  it('should treat an empty variable as unset', () => {
    expect(readConfig([], env({ PORT: '', HOST: '' }))).toMatchObject({ ok: true, config: { port: 3000, host: '0.0.0.0' } });
  });

  it('should parse numbers in base 10 even with leading zeros', () => {
    expect(readConfig(['--port', '0080', '--seed', '010'], env())).toMatchObject({ ok: true, config: { port: 80, seed: 10 } });
  });

  it('should ask for the usage text with --help, whatever else is given', () => {
    expect(readConfig(['--help'], env({ PORT: 'nonsense' }))).toEqual({ ok: 'help' });
    expect(USAGE).toMatch(/--port <n>.*\[PORT\]/);
  });

  it.each<[string, string[], Record<string, string>, string]>([
    ['a port that is not a number', ['--port', 'abc'], {}, 'port must be a whole number'],
    ['an empty port flag', ['--port', ''], {}, 'port must be a whole number'],
    ['a port in scientific notation', ['--port', '1e3'], {}, 'port must be a whole number'],
    ['a negative port variable', [], { PORT: '-1' }, 'port must be a whole number'],
    ['a port above 65535', ['--port', '65536'], {}, 'port must be at most 65535'],
    ['no symbols', [], { SYMBOLS: '0' }, 'symbols must be at least 1'],
    ['too many symbols', ['--symbols', '501'], {}, 'symbols must be at most 500'],
    ['too short a tick', [], { TICK_MS: '5' }, 'tick interval (ms) must be at least 10'],
    ['too long a tick', ['--tick-ms', '60001'], {}, 'tick interval (ms) must be at most 60000'],
    ['a seed beyond 32 bits', [], { SEED: '4294967296' }, 'seed must be at most 4294967295'],
    ['a fractional seed', ['--seed', '1.5'], {}, 'seed must be a whole number'],
    ['an empty host flag', ['--host', ''], {}, 'host must not be empty'],
    ['an unknown flag', ['--bogus'], {}, "Unknown option '--bogus'"],
    ['a flag without its value', ['--port'], {}, "Option '--port <value>' argument missing"],
    ['a positional argument', ['3000'], {}, "Unexpected argument '3000'"],
    ['a value for --dev', ['--dev=yes'], {}, "Option '--dev' does not take an argument"],
    ['a TLS switch that is not one', [], { TLS: 'maybe' }, 'TLS must be 1, 0, true, false'],
    ['a certificate without its key', ['--tls-cert', 'c.pem'], {}, 'give both a TLS certificate and its key'],
    ['a key without its certificate', [], { TLS_KEY: 'k.pem' }, 'give both a TLS certificate and its key'],
    ['a Redis URL of another scheme', ['--redis-url', 'http://127.0.0.1:6379'], {}, 'the Redis URL must look like redis://host:6379'],
    ['a Redis URL that is no URL', [], { REDIS_URL: 'localhost:6379' }, 'the Redis URL must look like redis://host:6379'],
    ['no workers', ['--workers', '0'], {}, 'workers must be at least 1'],
    ['too many workers', [], { WORKERS: '17' }, 'workers must be at most 16'],
    ['several workers without Redis', ['--workers', '2'], {}, 'several workers share one market through Redis: give --redis-url'],
    ['a poll rate of zero', ['--poll-rate', '0'], {}, 'poll rate per tab must be at least 1'],
    ['a poll rate per address that is not a number', [], { POLL_RATE_PER_ADDRESS: 'lots' }, 'poll rate per address must be a whole number'],
    ['a connection cap of zero', [], { MAX_CONNECTIONS_PER_ADDRESS: '0' }, 'connections per address must be at least 1'],
    ['a loopback switch that is not one', [], { LIMIT_LOOPBACK: 'sometimes' }, 'LIMIT_LOOPBACK must be 1, 0, true, false'],
    ['an allowed origin with a path', ['--allowed-origins', 'https://a.example/app'], {}, 'https://a.example/app is not an origin'],
    ['an allowed origin that is no URL', [], { ALLOWED_ORIGINS: 'a.example' }, 'a.example is not an origin'],
    ['an allowed origin of another scheme', [], { ALLOWED_ORIGINS: 'ftp://a.example' }, 'ftp://a.example is not an origin'],
    [
      'several workers each making a certificate',
      ['--workers', '2', '--redis-url', 'redis://127.0.0.1', '--tls'],
      {},
      'several workers must serve one certificate',
    ],
  ])('should refuse %s with a clear message', (_name, argv, variables, message) => {
    expect(messageOf(readConfig(argv, env(variables)))).toContain(message);
  });

  it('should read the Redis URL and the worker count from flags or variables', () => {
    const fromFlags = readConfig(['--redis-url', 'rediss://user:pw@cache.example:6380/2', '--workers', '3'], env());
    expect(fromFlags).toMatchObject({ ok: true, config: { redisUrl: 'rediss://user:pw@cache.example:6380/2', workers: 3 } });
    const fromVariables = readConfig([], env({ REDIS_URL: 'redis://127.0.0.1:6379', WORKERS: '2' }));
    expect(fromVariables).toMatchObject({ ok: true, config: { redisUrl: 'redis://127.0.0.1:6379', workers: 2 } });
  });

  it('should read the abuse limits from flags or variables', () => {
    const fromFlags = readConfig(
      ['--poll-rate', '5', '--poll-rate-per-address', '50', '--max-connections-per-address', '8', '--limit-loopback'],
      env(),
    );
    expect(fromFlags).toMatchObject({
      ok: true,
      config: { limits: { pollRatePerTab: 5, pollRatePerAddress: 50, maxConnectionsPerAddress: 8, limitLoopback: true } },
    });
    const variables = { POLL_RATE: '7', POLL_RATE_PER_ADDRESS: '70', MAX_CONNECTIONS_PER_ADDRESS: '9', LIMIT_LOOPBACK: 'on' };
    expect(readConfig([], env(variables))).toMatchObject({
      ok: true,
      config: { limits: { pollRatePerTab: 7, pollRatePerAddress: 70, maxConnectionsPerAddress: 9, limitLoopback: true } },
    });
  });

  it('should read allowed origins as browsers send them: scheme, host and a port only when not the default', () => {
    const result = readConfig([], env({ ALLOWED_ORIGINS: 'https://A.example:443/, http://b.example:8080 ,' }));
    expect(result).toMatchObject({ ok: true, config: { limits: { allowedOrigins: ['https://a.example', 'http://b.example:8080'] } } });
  });

  it('should describe every abuse limit in the usage text', () => {
    for (const variable of ['POLL_RATE', 'POLL_RATE_PER_ADDRESS', 'MAX_CONNECTIONS_PER_ADDRESS', 'LIMIT_LOOPBACK', 'ALLOWED_ORIGINS']) {
      expect(USAGE).toContain(`[${variable}]`);
    }
  });

  it('should name every bad value at once', () => {
    expect(messageOf(readConfig(['--port', '70000', '--symbols', '0'], env({ TICK_MS: 'fast' })))).toBe(
      'port must be at most 65535; symbols must be at least 1; tick interval (ms) must be a whole number',
    );
  });

  it('should judge a bad variable only when no flag overrides it', () => {
    expect(readConfig(['--port', '3001'], env({ PORT: 'nonsense' }))).toMatchObject({ ok: true, config: { port: 3001 } });
  });
});
