import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { errorResponseSchema, POLL_PATH } from '../../../lib/protocol/poll-api';
import { MAX_HEADER_BYTES, MAX_PAGE_BODY_BYTES } from '../../../server/guard/input-limits';
import type { PageHandler } from '../../../server/app-server';
import { poll } from '../support/poll-client';
import { RawHttpConnection, type RawResponse } from '../support/raw-http';
import { startTestServer } from '../../support/start-test-server';

function errorOf(answer: RawResponse): string {
  return errorResponseSchema.parse(JSON.parse(answer.body)).error;
}

/** A page handler that answers 200 and records the paths it was handed. */
function recordingPages(): PageHandler & { readonly seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    handle(req: IncomingMessage, res: ServerResponse) {
      seen.push(req.url ?? '');
      req.resume();
      req.on('end', () => res.end('page'));
      return Promise.resolve();
    },
  };
}

/** Resolves once the server has ended the connection, or after `ms` with false. */
async function endsWithin(connection: RawHttpConnection, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!connection.ended && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return connection.ended;
}

describe('request limits', () => {
  it.each([
    ['a Content-Length', 'Content-Length: 50000000\r\n'],
    ['a chunked body', 'Transfer-Encoding: chunked\r\n'],
  ])('should refuse %s sent to an API path with 413 before reading it, and close the connection', async (_name, header) => {
    const server = await startTestServer();
    server.step();
    const connection = await RawHttpConnection.open(server.port);

    const answer = await connection.send(`GET ${POLL_PATH}?since=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n${header}\r\n`);
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    expect(errorOf(answer)).toMatch(/take no body/);
    // Closed with the body still to come: the server is not waiting to read (and throw away) 50 MB.
    expect(await endsWithin(connection, 2000)).toBe(true);
    expect(await poll(server.url, 'since=0')).toMatchObject({ kind: 'ticks', seq: 1 });
  });

  it('should refuse a POST with a body to an API path with 413 rather than read it to answer 405', async () => {
    const server = await startTestServer();
    const connection = await RawHttpConnection.open(server.port);

    const answer = await connection.send(`POST ${POLL_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50000000\r\n\r\n`);
    expect(answer.status).toBe(413);
    expect(await endsWithin(connection, 2000)).toBe(true);
  });

  it(`should hand a page a body of up to ${MAX_PAGE_BODY_BYTES} bytes, and refuse a larger one with 413 before the page sees it`, async () => {
    const pages = recordingPages();
    const server = await startTestServer({}, {}, pages);

    const small = await RawHttpConnection.open(server.port);
    const accepted = await small.send(`POST /small HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello`);
    expect(accepted.status).toBe(200);

    const large = await RawHttpConnection.open(server.port);
    const refused = await large.send(`POST /large HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${MAX_PAGE_BODY_BYTES + 1}\r\n\r\n`);
    expect(refused.status).toBe(413);
    expect(errorOf(refused)).toMatch(/at most 1048576 bytes/);
    expect(await endsWithin(large, 2000)).toBe(true);
    expect(pages.seen).toEqual(['/small']);
  });

  it('should refuse a chunked body to a page with 411, since its size is unknown until it has been read', async () => {
    const pages = recordingPages();
    const server = await startTestServer({}, {}, pages);
    const connection = await RawHttpConnection.open(server.port);

    const answer = await connection.send('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n');
    expect(answer.status).toBe(411);
    expect(errorOf(answer)).toMatch(/Content-Length/);
    expect(await endsWithin(connection, 2000)).toBe(true);
    expect(pages.seen).toEqual([]);
  });

  it(`should take a header block of just under ${MAX_HEADER_BYTES} bytes and answer one just over with 431`, async () => {
    const server = await startTestServer();
    const request = (size: number) => {
      const head = `GET ${POLL_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: `;
      return `${head}${'a'.repeat(size - head.length - '\r\n\r\n'.length)}\r\n\r\n`;
    };

    const under = await RawHttpConnection.open(server.port);
    expect((await under.send(request(MAX_HEADER_BYTES - 100))).status).toBe(200);
    const over = await RawHttpConnection.open(server.port);
    const answer = await over.send(request(MAX_HEADER_BYTES + 100));
    expect(answer.status).toBe(431);
    expect(errorOf(answer)).toMatch(/too large/);
  });

  it('should answer CONNECT with 405 and a JSON message instead of dropping the connection', async () => {
    const server = await startTestServer();
    const connection = await RawHttpConnection.open(server.port);

    const answer = await connection.send('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    expect(answer.status).toBe(405);
    expect(errorOf(answer)).toMatch(/not a proxy/);
  });
});
