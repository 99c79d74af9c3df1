import { request } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PageHandler } from '../../../server/app-server';
import { loadTlsMaterial, type TlsMaterial } from '../../../server/tls-certificate';
import { RawHttpConnection } from '../support/raw-http';
import { startTestServer } from '../../support/start-test-server';

/** Stands in for Next: a page with a body, and nothing else. */
function pages(development = false): PageHandler {
  return {
    development,
    handle(_req, res) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('<!doctype html><title>page</title>');
      return Promise.resolve();
    },
  };
}

/** The CSP's directives by name. */
function directives(policy: string | undefined): Map<string, string> {
  return new Map(
    (policy ?? '').split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

let tls: TlsMaterial;

beforeAll(async () => {
  tls = await loadTlsMaterial();
});

/** A GET over HTTPS with this Host header, trusting the test's certificate; its response headers. */
function headersOverTls(port: number, host: string): Promise<IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/', ca: tls.cert, servername: 'localhost', headers: { host } },
      (res: IncomingMessage) => {
        res.resume();
        res.on('end', () => resolve(res.headers));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('security headers', () => {
  it('should send a page with a CSP that allows this origin only, and the usual companions', async () => {
    const server = await startTestServer({}, {}, pages());
    const connection = await RawHttpConnection.open(server.port);
    const { status, headers } = await connection.get('/');
    expect(status).toBe(200);
    const csp = directives(headers['content-security-policy']);
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self' 'unsafe-inline'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['permissions-policy']).toMatch(/camera=\(\)/);
    expect(headers['strict-transport-security']).toBeUndefined();
  });

  it('should let hot reload evaluate code in development mode only', async () => {
    const server = await startTestServer({}, {}, pages(true));
    const connection = await RawHttpConnection.open(server.port);
    const { headers } = await connection.get('/');
    expect(directives(headers['content-security-policy']).get('script-src')).toBe("'self' 'unsafe-inline' 'unsafe-eval'");
  });

  it('should leave the API’s answers as they were: their bytes are what the meter compares', async () => {
    const server = await startTestServer({}, {}, pages());
    const connection = await RawHttpConnection.open(server.port);
    const { headers } = await connection.get('/api/ticks');
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['x-content-type-options']).toBeUndefined();
  });

  it('should send HSTS over TLS, but not to localhost, where it would hold every port of the machine', async () => {
    const server = await startTestServer({}, { tls: { key: tls.key, cert: tls.cert } }, pages());
    const named = await headersOverTls(server.port, 'ticker.example');
    expect(named['strict-transport-security']).toBe('max-age=31536000');
    expect(named['content-security-policy']).toBeDefined();
    for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`, `[::1]:${server.port}`]) {
      expect((await headersOverTls(server.port, host))['strict-transport-security']).toBeUndefined();
    }
  });
});
