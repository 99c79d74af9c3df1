import { Agent, request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { meterReportSchema, ZERO_COUNTERS, ZERO_MODE_COUNTERS, type MeterReport } from '../../lib/protocol/meter-report';
import { loadTlsMaterial, type TlsMaterial } from '../../server/tls-certificate';
import { startCountingProxy } from './support/counting-proxy';
import { newTabId, nextTicks, openClient, connected } from '../support/socket-client';
import { startTestServer, TEST_EPOCH } from '../support/start-test-server';

let tls: TlsMaterial;

beforeAll(async () => {
  tls = await loadTlsMaterial();
});

/** A GET over HTTPS that trusts the test's certificate, read whole. */
function get(port: number, path: string, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, ca: tls.cert, servername: 'localhost' }, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** An HTTPS test server behind a relay that counts the TCP bytes, and one keep-alive connection's agent for a new tab. */
async function pollingThroughRelay() {
  const server = await startTestServer({}, { tls });
  const proxy = await startCountingProxy(server.port);
  return { server, proxy, proxyPort: Number(new URL(proxy.url).port), tab: newTabId(), agent: new Agent({ keepAlive: true, maxSockets: 1 }) };
}

describe('TLS certificate', () => {
  async function pemFiles(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'ticker-tls-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    return dir;
  }

  it('should read a certificate and key from files', async () => {
    const dir = await pemFiles({ 'cert.pem': tls.cert, 'key.pem': tls.key });
    const loaded = await loadTlsMaterial({ certFile: path.join(dir, 'cert.pem'), keyFile: path.join(dir, 'key.pem') });
    expect(loaded).toMatchObject({ generated: false, fingerprint: tls.fingerprint });
  });

  it('should refuse a file it cannot read, naming it', async () => {
    await expect(loadTlsMaterial({ certFile: '/nonexistent/cert.pem', keyFile: '/nonexistent/key.pem' })).rejects.toThrow(
      'cannot read the TLS certificate file /nonexistent/cert.pem (ENOENT)',
    );
  });

  it("should refuse a key that is not the certificate's", async () => {
    const other = await loadTlsMaterial();
    const dir = await pemFiles({ 'cert.pem': tls.cert, 'key.pem': other.key });
    await expect(loadTlsMaterial({ certFile: path.join(dir, 'cert.pem'), keyFile: path.join(dir, 'key.pem') })).rejects.toThrow(
      /the TLS certificate and key cannot be used together/,
    );
  });
});

describe('HTTPS and WSS', () => {
  it('should serve a self-signed certificate for localhost and 127.0.0.1, over TLS 1.3 only', async () => {
    const server = await startTestServer({}, { tls });
    expect(tls.generated).toBe(true);
    expect(tls.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const agent = new Agent({ keepAlive: false });
    expect((await get(server.port, '/api/ticks', agent)).status).toBe(200);

    const legacy = tlsConnect({ host: '127.0.0.1', port: server.port, ca: tls.cert, maxVersion: 'TLSv1.2' });
    const failure = await new Promise<Error>((resolve) => legacy.once('error', resolve));
    expect(failure.message).toMatch(/protocol version|alert/i);
  });

  it('should book TLS records, handshake included, to polling: the bytes a TCP relay counted', async () => {
    const { server, proxy, proxyPort, tab, agent } = await pollingThroughRelay();

    for (let since = 0; since < 3; since++) {
      server.step();
      expect((await get(proxyPort, `/api/ticks?since=${since}&tab=${tab}`, agent)).status).toBe(200);
    }

    expect(proxy.connections).toHaveLength(1);
    const [wire] = proxy.connections;
    await vi.waitFor(() =>
      expect(server.app.ledger.report(tab).modes.polling).toEqual({ requests: 3, bytesUp: wire?.up, bytesDown: wire?.down }),
    );
    // Plaintext would be well under this: the handshake alone is over a kilobyte each way.
    expect(wire?.down).toBeGreaterThan(1000);
    const parts = server.app.ledger.report(tab).breakdown.polling;
    expect(parts.requestHeaders + parts.responseHeaders + parts.bodies + parts.tls).toBe((wire?.up ?? 0) + (wire?.down ?? 0));
    expect(parts.tls).toBeGreaterThan(1000);
    agent.destroy();
  });

  it('should book a long poll given up on to its own bytes, though its connection closed before it was settled', async () => {
    const { server, proxy, proxyPort, tab, agent } = await pollingThroughRelay();
    // Answered long polls first, so the connection has carried something before the last one.
    for (let since = 0; since < 3; since++) {
      server.step();
      expect((await get(proxyPort, `/api/long-poll?since=${since}&epoch=${TEST_EPOCH}&tab=${tab}`, agent)).status).toBe(200);
    }
    // The last is held (nothing after since=3 yet), and the client gives up on it, closing the connection:
    // its TCP socket closes before the response does, and the ledger settles the poll after.
    const held = request({
      host: '127.0.0.1',
      port: proxyPort,
      path: `/api/long-poll?since=3&epoch=${TEST_EPOCH}&tab=${tab}`,
      agent,
      ca: tls.cert,
      servername: 'localhost',
    });
    held.on('error', () => undefined);
    held.end();
    await vi.waitFor(() => expect(server.app.longPolls.waiting).toBe(1));
    held.destroy();
    agent.destroy();

    await vi.waitFor(() => expect(server.app.ledger.report(tab).modes.longpolling.requests).toBe(4));
    const booked = server.app.ledger.report(tab).modes.longpolling;
    const [wire] = proxy.connections;
    expect(booked.bytesUp).toBe(wire?.up);
    // The server's close_notify (one 24-byte TLS 1.3 record) may be written after the relay stopped
    // forwarding to the client that left; the meter counts it as written.
    expect([wire?.down, (wire?.down ?? 0) + 24]).toContain(booked.bytesDown);
  });

  it('should book a WSS connection to Socket.IO: the bytes a TCP relay counted', async () => {
    const server = await startTestServer({}, { tls });
    const proxy = await startCountingProxy(server.port);
    const tab = newTabId();
    const client = openClient(proxy.url.replace('http:', 'https:'), { query: { tab }, ca: tls.cert, rejectUnauthorized: true });
    await connected(client);
    await client.emitWithAck('subscribe', {});
    const ticks = nextTicks(client, 3);
    server.step(3);
    await ticks;

    const [wire] = proxy.connections;
    await vi.waitFor(() =>
      expect(server.app.ledger.report(tab).modes).toEqual({
        ...ZERO_MODE_COUNTERS,
        socketio: { requests: 1, bytesUp: wire?.up, bytesDown: wire?.down },
        polling: ZERO_COUNTERS,
      }),
    );
  });

  it('should send meter reports that count their own TLS records', async () => {
    const server = await startTestServer({}, { tls });
    const proxy = await startCountingProxy(server.port);
    const tab = newTabId();
    const reports: MeterReport[] = [];
    const req = request({
      host: '127.0.0.1',
      port: Number(new URL(proxy.url).port),
      path: `/api/meter?tab=${tab}`,
      ca: tls.cert,
      servername: 'localhost',
    });
    let buffered = '';
    const third = new Promise<void>((resolve) => {
      req.on('response', (res: IncomingMessage) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
            reports.push(meterReportSchema.parse(JSON.parse(buffered.slice(0, end).replace(/^data: /, ''))));
            buffered = buffered.slice(end + 2);
          }
          if (reports.length >= 3) resolve();
        });
      });
    });
    req.end();
    await third;
    const [wire] = proxy.connections;
    // The third report arrived a second after the second: nothing else has crossed since it was sent.
    expect(reports[2]?.overhead).toEqual({ requests: 1, bytesUp: wire?.up, bytesDown: wire?.down });
    req.destroy();
  });
});
