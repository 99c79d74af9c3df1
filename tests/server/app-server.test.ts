import { describe, expect, it } from 'vitest';
import { errorResponseSchema } from '../../lib/protocol/poll-api';
import { poll } from './support/poll-client';
import { RawHttpConnection } from './support/raw-http';
import { startTestServer } from '../support/start-test-server';

function errorOf(body: string): string {
  return errorResponseSchema.parse(JSON.parse(body)).error;
}

describe('app server', () => {
  it('should answer a URL longer than 2048 characters with 414 and keep the connection', async () => {
    const server = await startTestServer();
    server.step();
    const connection = await RawHttpConnection.open(server.port);

    const answer = await connection.get(`/api/ticks?since=0&tab=${'a'.repeat(2100)}`);
    expect(answer.status).toBe(414);
    expect(errorOf(answer.body)).toMatch(/longer than 2048 characters/);
    expect((await connection.get('/api/ticks?since=0')).status).toBe(200);
  });

  it('should answer a request line beyond the header limit with 431 and a JSON message, and stay up', async () => {
    const server = await startTestServer();
    server.step();
    const connection = await RawHttpConnection.open(server.port);

    const answer = await connection.get(`/api/ticks?since=0&x=${'a'.repeat(20_000)}`);
    expect(answer.status).toBe(431);
    expect(errorOf(answer.body)).toMatch(/too large/);
    expect(await poll(server.url, 'since=0')).toMatchObject({ kind: 'ticks', seq: 1 });
  });

  it('should answer a request target that is not a valid URL with 400', async () => {
    const server = await startTestServer();
    const connection = await RawHttpConnection.open(server.port);

    const answer = await connection.get('//host:99999999/api/ticks');
    expect(answer.status).toBe(400);
    expect(errorOf(answer.body)).toMatch(/not a valid URL/);
  });

  it('should answer paths it does not serve with 404 when there is no page handler', async () => {
    const server = await startTestServer();

    for (const path of ['/', '/index.html', '/api/tick', '/api/ticks/1']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(errorOf(await response.text())).toMatch(/nothing at/);
    }
  });

  it('should answer a malformed request with 400 and close the connection', async () => {
    const server = await startTestServer();
    server.step();
    const connection = await RawHttpConnection.open(server.port);

    const answer = await connection.send('GARBAGE\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(answer.headers.connection).toBe('close');
    expect(errorOf(answer.body)).toMatch(/could not be parsed/);
    expect(await poll(server.url)).toMatchObject({ kind: 'snapshot' });
  });

  it('should refuse a WebSocket upgrade outside the Socket.IO path', async () => {
    const server = await startTestServer();
    const connection = await RawHttpConnection.open(server.port);

    const answer = await connection.send(
      'GET /api/ticks HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(answer.status).toBe(400);
    expect(errorOf(answer.body)).toMatch(/only Socket.IO/);
  });

  it('should close with open keep-alive connections and event streams', async () => {
    const server = await startTestServer();
    const connection = await RawHttpConnection.open(server.port);
    await connection.get('/api/ticks');
    const meter = await fetch(`${server.url}/api/meter?tab=closing-tab`);
    expect(meter.status).toBe(200);

    await server.app.close();
    await expect(fetch(`${server.url}/api/ticks`)).rejects.toThrow();
  });
});
