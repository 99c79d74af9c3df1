import { describe, expect, it, vi } from 'vitest';
import { METER_PATH, meterFeedEventSchema, ZERO_MODE_COUNTERS, ZERO_COUNTERS } from '../../../lib/protocol/meter-report';
import { errorResponseSchema } from '../../../lib/protocol/poll-api';
import { METER_REPORT_INTERVAL_MS } from '../../../server/metering/meter-feed';
import { startCountingProxy } from '../support/counting-proxy';
import { openEventStream } from '../../support/event-stream';
import { openMeter } from '../../support/meter-stream';
import { RawHttpConnection } from '../support/raw-http';
import { connectClient, newTabId, nextTicks } from '../../support/socket-client';
import { startTestServer } from '../../support/start-test-server';

describe('meter feed', () => {
  it("should carry other tabs' reports when asked, booking the feed to its own tab's overhead alone", async () => {
    const server = await startTestServer();
    const [own, pollingTab, otherTab] = [newTabId(), newTabId(), newTabId()];
    const connection = await RawHttpConnection.open(server.port);
    for (let since = 0; since < 3; since++) {
      server.step();
      expect((await connection.get(`/api/ticks?since=${since}&tab=${pollingTab}`)).status).toBe(200);
    }

    const feed = await openEventStream(`${server.url}${METER_PATH}?tab=${own}&others=${pollingTab},${otherTab}`, meterFeedEventSchema);
    const event = await feed.next();
    expect(Object.keys(event.others ?? {}).sort()).toEqual([pollingTab, otherTab].sort());
    expect(event.others?.[pollingTab]?.modes).toEqual(server.app.ledger.report(pollingTab).modes);
    expect(event.others?.[pollingTab]?.modes.polling).toEqual({
      requests: 3,
      bytesUp: connection.bytesSent,
      bytesDown: connection.bytesReceived,
    });
    expect(event.others?.[otherTab]?.modes).toEqual(ZERO_MODE_COUNTERS);
    // The feed is its own tab's overhead, and no other tab's.
    expect(event.overhead.requests).toBe(1);
    expect(event.others?.[pollingTab]?.overhead).toEqual(ZERO_COUNTERS);
    expect(event.others?.[otherTab]?.overhead).toEqual(ZERO_COUNTERS);
  });

  it.each([
    ['five other tabs', (tab: string) => `tab=${tab}&others=${Array.from({ length: 5 }, () => newTabId()).join(',')}`],
    ['its own tab again', (tab: string) => `tab=${tab}&others=${tab}`],
    ['a tab twice', (tab: string) => `tab=${tab}&others=${'b'.repeat(10)},${'b'.repeat(10)}`],
    ['a malformed tab', (tab: string) => `tab=${tab}&others=short`],
    ['an empty list', (tab: string) => `tab=${tab}&others=`],
  ])('should refuse a feed asking for %s with a 400 and a JSON message', async (_name, query) => {
    const server = await startTestServer();
    const response = await fetch(`${server.url}${METER_PATH}?${query(newTabId())}`);
    expect(response.status).toBe(400);
    expect(errorResponseSchema.parse(await response.json()).error).not.toBe('');
  });

  it('should send a report at once and then about once a second', async () => {
    const server = await startTestServer();
    const tab = newTabId();
    const meter = await openMeter(server.url, tab);

    const first = await meter.next();
    expect(first.modes).toEqual(ZERO_MODE_COUNTERS);
    expect(first.overhead.requests).toBe(1);
    const started = Date.now();
    const second = await meter.next();
    expect(Date.now() - started).toBeGreaterThan(METER_REPORT_INTERVAL_MS / 2);
    expect(second.serverTs).toBeGreaterThan(first.serverTs);
    expect(second.overhead.bytesDown).toBeGreaterThan(first.overhead.bytesDown);
  });

  it('should report exactly the polls a tab made and the bytes they took', async () => {
    const server = await startTestServer();
    const tab = newTabId();
    const meter = await openMeter(server.url, tab);
    const connection = await RawHttpConnection.open(server.port);

    for (let since = 0; since < 4; since++) {
      server.step();
      expect((await connection.get(`/api/ticks?since=${since}&tab=${tab}`)).status).toBe(200);
    }

    const report = await meter.until((candidate) => candidate.modes.polling.requests === 4);
    expect(report.modes).toEqual({
      ...ZERO_MODE_COUNTERS,
      polling: { requests: 4, bytesUp: connection.bytesSent, bytesDown: connection.bytesReceived },
      socketio: ZERO_COUNTERS,
    });
  });

  it("should book its own bytes to overhead and leave the tab's Socket.IO figures exact", async () => {
    const server = await startTestServer();
    const proxy = await startCountingProxy(server.port);
    const tab = newTabId();
    const client = await connectClient(proxy.url, tab);
    await client.emitWithAck('subscribe', {});
    const ticks = nextTicks(client, 3);
    server.step(3);
    await ticks;
    const [socketWire] = proxy.connections;

    const meter = await openMeter(proxy.url, tab);
    const [, meterWire] = proxy.connections;
    await meter.next();
    const report = await meter.next();
    expect(report.modes.socketio).toEqual({ requests: 1, bytesUp: socketWire?.up, bytesDown: socketWire?.down });
    expect(report.modes.polling).toEqual(ZERO_COUNTERS);
    // Each report counts itself: what the feed has taken so far, this report included.
    expect(report.overhead).toEqual({ requests: 1, bytesUp: meterWire?.up, bytesDown: meterWire?.down });

    meter.close();
    await vi.waitFor(() => expect(meterWire?.closed).toBe(true));
    await vi.waitFor(() =>
      expect(server.app.ledger.report(tab)).toMatchObject({
        modes: {
          ...ZERO_MODE_COUNTERS,
          ...ZERO_MODE_COUNTERS,
          socketio: { requests: 1, bytesUp: socketWire?.up, bytesDown: socketWire?.down },
          polling: ZERO_COUNTERS,
        },
        overhead: { requests: 1, bytesUp: meterWire?.up, bytesDown: meterWire?.down },
      }),
    );
  });

  it('should not add a stream opened on a connection that polled before to polling', async () => {
    const server = await startTestServer();
    const tab = newTabId();
    const connection = await RawHttpConnection.open(server.port);

    const answer = await connection.get(`/api/ticks?tab=${tab}`);
    const pollUp = connection.bytesSent;
    const pollDown = answer.wireBytes;
    connection.write(`GET /api/meter?tab=${tab} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);

    await vi.waitFor(() => {
      expect(connection.bytesReceived).toBeGreaterThan(pollDown);
      expect(server.app.ledger.report(tab)).toMatchObject({
        modes: { ...ZERO_MODE_COUNTERS, polling: { requests: 1, bytesUp: pollUp, bytesDown: pollDown }, socketio: ZERO_COUNTERS },
        overhead: {
          requests: 1,
          bytesUp: connection.bytesSent - pollUp,
          bytesDown: connection.bytesReceived - pollDown,
        },
      });
    });
  });

  it.each([
    ['', /parameter "tab" is required/],
    ['?tab=bad!', /"tab" must be 8–64 letters/],
    ['?tab=abcdefgh&extra=1', /unknown parameter "extra"/],
    ['?tab=abcdefgh&tab=abcdefgh', /given more than once/],
  ])('should refuse the query "%s" with 400 and a JSON message', async (query, message) => {
    const server = await startTestServer();

    const response = await fetch(`${server.url}/api/meter${query}`);
    expect(response.status).toBe(400);
    expect(errorResponseSchema.parse(await response.json()).error).toMatch(message);
    expect(server.app.ledger.tabCount).toBe(0);
  });

  it('should refuse POST with 405', async () => {
    const server = await startTestServer();

    const response = await fetch(`${server.url}/api/meter?tab=abcdefgh`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});
