import { describe, expect, it, vi } from 'vitest';
import { LONG_POLL_PATH } from '../../../lib/protocol/long-poll-api';
import { tickTextOf } from '../support/poll-client';
import { RawHttpConnection, type RawResponse } from '../support/raw-http';
import { newTabId } from '../../support/socket-client';
import { startTestServer, TEST_EPOCH } from '../../support/start-test-server';

const HOLD_MS = 300;

describe('long polling breakdown', () => {
  it("should split every byte of a tab's long polls into request headers, response headers and bodies, and count the holds", async () => {
    const server = await startTestServer({}, { longPollHoldMs: HOLD_MS });
    const tab = newTabId();
    const connection = await RawHttpConnection.open(server.port);
    const upToDate = () => `${LONG_POLL_PATH}?since=${server.engine.latestSeq}&epoch=${TEST_EPOCH}&tab=${tab}`;
    server.step(2);

    // A snapshot and a catch-up, answered at once; a poll held until a tick; one held until it timed out; a refusal.
    const answers: RawResponse[] = [await connection.get(`${LONG_POLL_PATH}?tab=${tab}`)];
    answers.push(await connection.get(`${LONG_POLL_PATH}?since=0&epoch=${TEST_EPOCH}&tab=${tab}`));
    connection.write(`GET ${upToDate()} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: breakdown-test/1.0\r\n\r\n`);
    await vi.waitFor(() => expect(server.app.longPolls.waiting).toBe(1));
    server.step();
    answers.push(await connection.read());
    answers.push(await connection.get(upToDate()));
    answers.push(await connection.get(`${LONG_POLL_PATH}?since=-1&tab=${tab}`));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 400]);

    let bodies = 0;
    let ticks = 0;
    for (const answer of answers) {
      bodies += Buffer.byteLength(answer.body);
      if (answer.status === 200) ticks += tickTextOf(answer.body).length;
    }
    const report = server.app.ledger.report(tab);
    const { heldMs, ...parts } = report.breakdown.longpolling;
    expect(parts).toEqual({
      requestHeaders: connection.bytesSent,
      responseHeaders: connection.bytesReceived - bodies,
      bodies,
      tls: 0,
      ticks,
      heldPolls: 2,
    });
    // The one that timed out was held for the whole hold time, by construction; the other for a moment.
    expect(heldMs).toBeGreaterThanOrEqual(HOLD_MS);
    expect(report.modes.longpolling).toEqual({ requests: 5, bytesUp: connection.bytesSent, bytesDown: connection.bytesReceived });
    expect(report.modes.polling).toEqual({ requests: 0, bytesUp: 0, bytesDown: 0 });
    expect(ticks).toBeGreaterThan(0);
  });

  it('should book the request of a held poll whose client left, with nothing sent down', async () => {
    const server = await startTestServer();
    const tab = newTabId();
    server.step(2);
    const gone = await RawHttpConnection.open(server.port);
    gone.write(`GET ${LONG_POLL_PATH}?since=2&epoch=${TEST_EPOCH}&tab=${tab} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await vi.waitFor(() => expect(server.app.longPolls.waiting).toBe(1));

    gone.close();
    await vi.waitFor(() => expect(server.app.ledger.report(tab).modes.longpolling.requests).toBe(1));
    const report = server.app.ledger.report(tab);
    expect(report.modes.longpolling).toEqual({ requests: 1, bytesUp: gone.bytesSent, bytesDown: 0 });
    expect(report.breakdown.longpolling).toMatchObject({ requestHeaders: gone.bytesSent, responseHeaders: 0, bodies: 0, heldPolls: 0 });
  });
});
