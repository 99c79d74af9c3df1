import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CANONICAL_POLL_QUERY } from '../../lib/protocol/poll-api';
import { readLoadOptions } from '../programs/load/load-options';
import { pollQuery } from '../programs/load/polling-viewer';

function messageOf(argv: readonly string[]): string {
  const result = readLoadOptions(argv);
  if (result.ok !== false) throw new Error(`expected ${argv.join(' ')} to be refused`);
  return result.message;
}

describe('readLoadOptions', () => {
  it('should default to a small load of every mode on port 3000 of this machine', () => {
    expect(readLoadOptions([])).toEqual({
      ok: true,
      plan: {
        url: new URL('http://127.0.0.1:3000'),
        viewers: { socketio: 100, websocket: 100, sse: 100, longpolling: 10, polling: 10 },
        intervalMs: 1000,
        durationMs: 30_000,
        batch: 200,
      },
    });
  });

  it('should read every option and the server URL', () => {
    const result = readLoadOptions([
      '--socketio',
      '5000',
      '--websockets',
      '4000',
      '--sse',
      '3000',
      '--long-pollers',
      '200',
      '--pollers',
      '500',
      '--interval',
      '100',
      '--duration',
      '60',
      '--batch',
      '50',
      'http://localhost:8080/',
    ]);
    expect(result).toEqual({
      ok: true,
      plan: {
        url: new URL('http://localhost:8080'),
        viewers: { socketio: 5000, websocket: 4000, sse: 3000, longpolling: 200, polling: 500 },
        intervalMs: 100,
        durationMs: 60_000,
        batch: 50,
      },
    });
  });

  it('should answer --help', () => {
    expect(readLoadOptions(['--help'])).toEqual({ ok: 'help' });
  });

  it('should refuse a server that is not on this machine', () => {
    expect(messageOf(['http://example.com:3000'])).toBe('loopback only: example.com is not this machine (use 127.0.0.1, ::1 or localhost)');
    expect(messageOf(['http://192.168.1.20:3000'])).toMatch(/^loopback only: 192\.168\.1\.20 /);
    expect(messageOf(['http://0.0.0.0:3000'])).toMatch(/^loopback only/);
  });

  it('should refuse anything but plain http, and text that is not a URL', () => {
    expect(messageOf(['https://127.0.0.1:3000'])).toMatch(/^https:\/\/ is not supported/);
    expect(messageOf(['127.0.0.1:3000'])).toMatch(/not supported|not a URL/);
    expect(messageOf(['not a url'])).toBe('not a url is not a URL (e.g. http://127.0.0.1:3000)');
  });

  it('should name the option that is out of bounds or not a number', () => {
    expect(messageOf(['--socketio', '20001'])).toBe('--socketio must be at most 20000');
    expect(messageOf(['--pollers', '5001'])).toBe('--pollers must be at most 5000');
    expect(messageOf(['--pollers', 'lots'])).toBe('--pollers must be a whole number');
    expect(messageOf(['--websockets', '20001'])).toBe('--websockets must be at most 20000');
    expect(messageOf(['--sse', '1.5'])).toBe('--sse must be a whole number');
    expect(messageOf(['--long-pollers', '5001'])).toBe('--long-pollers must be at most 5000');
    expect(messageOf(['--interval', '10'])).toBe('--interval must be at least 50');
    expect(messageOf(['--duration', '601'])).toBe('--duration must be at most 600');
    expect(messageOf(['--duration', '0'])).toBe('--duration must be at least 1');
    expect(messageOf(['--batch', '0'])).toBe('--batch must be at least 1');
  });

  it('should refuse a run without viewers, unknown options and a second URL', () => {
    const none = ['--socketio', '0', '--websockets', '0', '--sse', '0', '--long-pollers', '0', '--pollers', '0'];
    expect(messageOf(none)).toBe('nothing to do: give --socketio, --websockets, --sse, --long-pollers or --pollers more than 0');
    const many = ['--socketio', '20000', '--websockets', '4000', '--sse', '1001', '--long-pollers', '0', '--pollers', '0'];
    expect(messageOf(many)).toBe('25,001 viewers in all is more than 25,000');
    expect(messageOf(['--viewers', '10'])).toMatch(/Unknown option '--viewers'/);
    expect(messageOf(['http://127.0.0.1:1', 'http://127.0.0.1:2'])).toBe('give one server URL, not 2');
  });
});

describe('pollQuery', () => {
  it('should write the query the server takes as canonical', () => {
    expect(pollQuery(123, 4242, 'abcdef0123456789')).toMatch(CANONICAL_POLL_QUERY);
  });
});

describe('npm run load', () => {
  it('should exit 2 with one line when the server is not on this machine', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'tests/programs/load/main.ts', 'http://10.1.2.3:3000'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      'error: loopback only: 10.1.2.3 is not this machine (use 127.0.0.1, ::1 or localhost) (see --help)',
    ]);
  });
});
