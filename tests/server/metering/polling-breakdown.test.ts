import { describe, expect, it } from 'vitest';
import { tickTextOf } from '../support/poll-client';
import { RawHttpConnection } from '../support/raw-http';
import { newTabId } from '../../support/socket-client';
import { startTestServer } from '../../support/start-test-server';

describe('polling breakdown', () => {
  it("should split every byte of a tab's polls into request headers, response headers and bodies", async () => {
    const server = await startTestServer();
    const tab = newTabId();
    const connection = await RawHttpConnection.open(server.port);
    let responseHeaders = 0;
    let bodies = 0;
    let ticks = 0;

    // A snapshot, three answers with ticks (the requests with one more header), and a refusal.
    const answers = [await connection.get(`/api/ticks?tab=${tab}`)];
    for (let since = 0; since < 3; since++) {
      server.step(since + 1);
      answers.push(
        await connection.send(`GET /api/ticks?since=${since}&tab=${tab} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: breakdown-test/1.0\r\n\r\n`),
      );
    }
    answers.push(await connection.get(`/api/ticks?since=-1&tab=${tab}`));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 400]);
    for (const answer of answers) {
      const body = Buffer.byteLength(answer.body);
      responseHeaders += answer.wireBytes - body;
      bodies += body;
      if (answer.status === 200) ticks += tickTextOf(answer.body).length;
    }

    const report = server.app.ledger.report(tab);
    expect(report.breakdown.polling).toEqual({
      requestHeaders: connection.bytesSent,
      responseHeaders,
      bodies,
      tls: 0,
      ticks,
    });
    expect(report.modes.polling).toEqual({
      requests: 5,
      bytesUp: connection.bytesSent,
      bytesDown: responseHeaders + bodies,
    });
    expect(ticks).toBeGreaterThan(0);
    expect(ticks).toBeLessThan(bodies);
  });

  it('should count no body for HEAD, whose answer has none on the wire', async () => {
    const server = await startTestServer();
    const tab = newTabId();
    const connection = await RawHttpConnection.open(server.port);

    const answer = await connection.get(`/api/ticks?tab=${tab}`, 'HEAD');
    expect(answer.status).toBe(200);
    expect(server.app.ledger.report(tab).breakdown.polling).toEqual({
      requestHeaders: connection.bytesSent,
      responseHeaders: answer.wireBytes,
      bodies: 0,
      tls: 0,
      ticks: 0,
    });
  });
});
