import { describe, expect, it, vi } from 'vitest';
import { errorResponseSchema } from '../../../../lib/protocol/poll-api';
import { SSE_PATH } from '../../../../lib/protocol/sse-api';
import { DEFAULT_ABUSE_LIMITS, type AbuseLimits } from '../../../../server/guard/abuse-limits';
import { RawEventStream } from '../../support/raw-event-stream';
import { RawHttpConnection, type RawResponse } from '../../support/raw-http';
import { newTabId } from '../../../support/socket-client';
import { startTestServer, TEST_EPOCH, type TestServer } from '../../../support/start-test-server';

/** A request for SSE_PATH with this query and header lines, on a connection of its own; the answer as read. */
async function ask(server: TestServer, query: string, headers = '', method = 'GET'): Promise<{ answer: RawResponse; sent: number }> {
  const connection = await RawHttpConnection.open(server.port);
  const answer = await connection.send(`${method} ${SSE_PATH}?${query} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n`, method === 'HEAD');
  return { answer, sent: connection.bytesSent };
}

/** The error an answer carries, once it is checked to be a JSON error with this status. */
function errorOf(answer: RawResponse, status: number): string {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
  return errorResponseSchema.parse(JSON.parse(answer.body)).error;
}

function startLimited(limits: Partial<AbuseLimits>): Promise<TestServer> {
  return startTestServer({}, { limits: { ...DEFAULT_ABUSE_LIMITS, ...limits } });
}

describe('SSE input', () => {
  it.each([
    ['a since that is not a number', `since=x&epoch=${TEST_EPOCH}`, /"since" must be a non-negative integer/],
    ['a negative epoch', 'since=1&epoch=-4', /"epoch" must be a non-negative integer/],
    ['a malformed tab id', 'tab=short', /"tab" must be 8–64 letters/],
    ['an unknown parameter', 'since=1&lastEventId=3', /unknown parameter "lastEventId"/],
    ['a repeated parameter', 'since=1&since=2', /parameter "since" is given more than once/],
  ])('should refuse %s with a 400 and a JSON error', async (_, query, message) => {
    const server = await startTestServer();
    expect(errorOf((await ask(server, query)).answer, 400)).toMatch(message);
  });

  it.each([
    ['not <epoch>:<seq>', 'Last-Event-ID: 12\r\n'],
    ['a sequence that is not a number', `Last-Event-ID: ${TEST_EPOCH}:x\r\n`],
    ['two of them', `Last-Event-ID: ${TEST_EPOCH}:1\r\nLast-Event-ID: ${TEST_EPOCH}:2\r\n`],
  ])('should refuse a Last-Event-ID that is %s with a 400, not fall back on the query', async (_, header) => {
    const server = await startTestServer();
    server.step(2);
    const error = errorOf((await ask(server, `since=1&epoch=${TEST_EPOCH}`, header)).answer, 400);
    expect(error).toMatch(/the Last-Event-ID header must be <epoch>:<seq>/);
  });

  it.each(['POST', 'PUT', 'HEAD'])('should answer %s with a 405 naming GET', async (method) => {
    const server = await startTestServer();
    const { answer } = await ask(server, `tab=${newTabId()}`, '', method);
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET');
    if (method !== 'HEAD') expect(errorOf(answer, 405)).toMatch(new RegExp(`method ${method} is not allowed`));
  });

  it('should book a refusal to the tab it names, its whole answer as response headers', async () => {
    const server = await startTestServer();
    const tab = newTabId();
    const { answer, sent } = await ask(server, `since=x&tab=${tab}`);
    expect(answer.status).toBe(400);

    await vi.waitFor(() => {
      const report = server.app.ledger.report(tab);
      expect(report.modes.sse).toEqual({ requests: 1, bytesUp: sent, bytesDown: answer.wireBytes });
      expect(report.breakdown.sse).toEqual({
        requestHeaders: sent,
        responseHeaders: answer.wireBytes,
        chunkFraming: 0,
        eventFraming: 0,
        data: 0,
        tls: 0,
        ticks: 0,
      });
    });
  });

  it('should refuse a stream from another site’s page, and let a listed origin’s page read one', async () => {
    const listed = 'https://dashboard.example';
    const server = await startLimited({ allowedOrigins: [listed] });
    const error = errorOf((await ask(server, `tab=${newTabId()}`, 'Origin: https://elsewhere.example\r\n')).answer, 403);
    expect(error).toMatch(/pages from https:\/\/elsewhere\.example may not use this server/);

    const stream = await RawEventStream.open(server.port, `${SSE_PATH}?tab=${newTabId()}`, { extraHeaders: `Origin: ${listed}\r\n` });
    expect(stream.headers['access-control-allow-origin']).toBe(listed);
  });

  it('should count each open stream against the connection cap', async () => {
    const cap = 3;
    const server = await startLimited({ maxConnectionsPerAddress: cap, limitLoopback: true });
    for (let i = 0; i < cap; i++) await RawEventStream.open(server.port, `${SSE_PATH}?tab=${newTabId()}`);

    const error = errorOf((await ask(server, `tab=${newTabId()}`)).answer, 429);
    expect(error).toMatch(/too many open connections from your address \(at most 3\)/);
  });

  it('should count opening a stream as a poll against the tab’s rate limit', async () => {
    const server = await startLimited({ pollRatePerTab: 1 });
    const tab = newTabId();
    // The burst: two seconds' worth.
    for (let i = 0; i < 2; i++) await RawEventStream.open(server.port, `${SSE_PATH}?tab=${tab}`);

    const { answer } = await ask(server, `tab=${tab}`);
    expect(errorOf(answer, 429)).toMatch(/too many polls/);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });
});
