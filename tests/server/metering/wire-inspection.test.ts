import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { LONG_POLL_PATH } from '../../../lib/protocol/long-poll-api';
import { SSE_PATH, SSE_RESUME_EVENT } from '../../../lib/protocol/sse-api';
import { ZERO_COUNTERS, ZERO_MODE_COUNTERS } from '../../../lib/protocol/meter-report';
import { errorResponseSchema } from '../../../lib/protocol/poll-api';
import { WEBSOCKET_PATH } from '../../../lib/protocol/websocket-api';
import { INSPECT_PATH, INSPECT_TEXT_LIMIT, wireInspectionSchema, type WireInspection } from '../../../lib/protocol/wire-inspection';
import { RawEventStream } from '../support/raw-event-stream';
import { RawHttpConnection } from '../support/raw-http';
import { RawWebSocket } from '../support/raw-websocket';
import { newTabId } from '../../support/socket-client';
import { startTestServer, TEST_EPOCH } from '../../support/start-test-server';

/** GET /api/inspect for a tab, on a connection of its own, validated against the protocol's schema. */
async function inspect(baseUrl: string, tab: string): Promise<WireInspection> {
  const response = await fetch(`${baseUrl}${INSPECT_PATH}?tab=${tab}`);
  expect(response.status).toBe(200);
  return wireInspectionSchema.parse(await response.json());
}

/** Bytes as a packet dump shows them, worked out here apart from the server's own formatting. */
function dump(bytes: Buffer): string {
  return (bytes.toString('hex').match(/../g) ?? []).join(' ');
}

describe('wire inspection', () => {
  describe('polling', () => {
    it('should show the last poll exactly as the client sent and received it, once the tab is inspected', async () => {
      const server = await startTestServer();
      server.step(2);
      const tab = newTabId();
      const connection = await RawHttpConnection.open(server.port);
      await connection.get(`/api/ticks?tab=${tab}`);
      expect(await inspect(server.url, tab)).toEqual({
        tab,
        serverTs: expect.any(Number) as number,
        socketio: null,
        websocket: null,
        sse: null,
        longpolling: null,
        polling: null,
      });

      const request =
        `GET /api/ticks?since=0&epoch=${TEST_EPOCH}&tab=${tab} HTTP/1.1\r\n` +
        'Host: 127.0.0.1\r\nUser-Agent: inspector-test/1.0\r\nAccept: application/json\r\nX-Lesson: 7\r\n\r\n';
      const sentBefore = connection.bytesSent;
      const receivedBefore = connection.bytesReceived;
      const answer = await connection.send(request);
      expect(answer.status).toBe(200);

      const { polling } = await inspect(server.url, tab);
      expect(polling).toEqual({
        at: expect.any(Number) as number,
        request: { head: { text: request, bytes: request.length } },
        response: {
          head: { text: answer.head, bytes: answer.head.length },
          body: { text: answer.body, bytes: Buffer.byteLength(answer.body) },
        },
        counted: { up: connection.bytesSent - sentBefore, down: connection.bytesReceived - receivedBefore },
      });
      expect(polling?.counted.down).toBe(answer.wireBytes);
    });

    it('should keep the first 2 KB of a long body as text and report its whole size', async () => {
      const server = await startTestServer({ symbols: 500 });
      const tab = newTabId();
      await inspect(server.url, tab);
      const connection = await RawHttpConnection.open(server.port);
      const answer = await connection.get(`/api/ticks?tab=${tab}`);
      const body = Buffer.from(answer.body);
      expect(body.length).toBeGreaterThan(INSPECT_TEXT_LIMIT);

      const { polling } = await inspect(server.url, tab);
      expect(polling?.response.body).toEqual({ text: body.subarray(0, INSPECT_TEXT_LIMIT).toString(), bytes: body.length });
      expect(polling?.counted.down).toBe(answer.wireBytes);
    });
  });

  describe('long polling', () => {
    it('should show the last long poll as the client sent and received it, with how long the server held it', async () => {
      const server = await startTestServer();
      server.step(2);
      const tab = newTabId();
      await inspect(server.url, tab);
      const connection = await RawHttpConnection.open(server.port);
      const request = `GET ${LONG_POLL_PATH}?since=${server.engine.latestSeq}&epoch=${TEST_EPOCH}&tab=${tab} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
      const sentAt = performance.now();
      connection.write(request);
      await vi.waitFor(() => expect(server.app.longPolls.waiting).toBe(1));
      await sleep(150);
      server.step();
      const answer = await connection.read();
      // The server held it from after it arrived to before it answered: within what the client waited.
      const waited = performance.now() - sentAt;

      const { longpolling, polling } = await inspect(server.url, tab);
      expect(polling).toBeNull();
      expect(longpolling).toEqual({
        at: expect.any(Number) as number,
        request: { head: { text: request, bytes: request.length } },
        response: {
          head: { text: answer.head, bytes: answer.head.length },
          body: { text: answer.body, bytes: Buffer.byteLength(answer.body) },
        },
        counted: { up: request.length, down: answer.wireBytes },
        heldMs: expect.any(Number) as number,
      });
      expect(longpolling?.heldMs).toBeGreaterThanOrEqual(150);
      expect(longpolling?.heldMs).toBeLessThanOrEqual(waited);
    });
  });

  describe('Server-Sent Events', () => {
    it('should show the stream’s request and head once, and its last event inside its chunk, as the client read them', async () => {
      const server = await startTestServer();
      server.step(2);
      const tab = newTabId();
      const stream = await RawEventStream.open(server.port, `${SSE_PATH}?since=${server.engine.latestSeq}&epoch=${TEST_EPOCH}&tab=${tab}`);
      await stream.next((event) => event.event === SSE_RESUME_EVENT);
      server.step();
      const tick = await stream.next((event) => event.event === 'message');

      const { sse } = await inspect(server.url, tab);
      expect(sse?.counted).toEqual({ up: stream.bytesSent, down: stream.parts.responseHeaders });
      expect(sse?.request.bytes).toBe(stream.bytesSent);
      expect(sse?.response.bytes).toBe(stream.parts.responseHeaders);
      expect(sse?.response.text).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*content-type: text\/event-stream[^]*\r\n\r\n$/i);
      expect(sse?.lastEvent?.event).toEqual({ text: tick.text, bytes: Buffer.byteLength(tick.text) });
      expect(sse?.lastEvent?.at).toBe(server.engine.history().at(-1)?.ts);
      // The chunk the client read around it: its size in hex, CRLF, the event, CRLF.
      expect(sse?.lastEvent?.chunkHead).toBe(`${Buffer.byteLength(tick.text).toString(16)}\r\n`);
      expect(sse?.lastEvent?.chunkTail).toBe('\r\n');
      stream.close();
    });
  });

  describe('Socket.IO', () => {
    it('should show the upgrade, the 101 response and the last frame each way as the client saw them', async () => {
      // Forty symbols make the snapshot reply longer than 125 bytes: a header with a 16-bit length.
      const server = await startTestServer({ symbols: 40 });
      const tab = newTabId();
      const request = RawWebSocket.upgradeRequest(`tab=${tab}`, 'User-Agent: inspector-test/1.0\r\n');
      const client = await RawWebSocket.open(server.port, request);
      await client.next((text) => text.startsWith('0{'));
      client.send('40');
      await client.next((text) => text.startsWith('40{'));
      client.send('420["subscribe",{}]');
      const reply = await client.next((text) => text.startsWith('430['));

      const { socketio } = await inspect(server.url, tab);
      expect(socketio?.handshake).toEqual({
        request: { text: request, bytes: request.length },
        response: { text: client.upgradeResponse, bytes: client.upgradeResponse.length },
        counted: { up: request.length, down: client.upgradeResponse.length },
      });
      expect(client.received.at(-1)).toBe(reply);
      expect(reply.header.length).toBe(4);
      expect(socketio?.lastDown).toEqual({
        header: dump(reply.header),
        fin: true,
        opcode: 1,
        masked: false,
        payload: { text: reply.text, bytes: reply.payload.length },
      });
      const subscribe = client.sent.at(-1);
      expect(socketio?.lastUp).toEqual({
        header: subscribe && dump(subscribe.header),
        fin: true,
        opcode: 1,
        masked: true,
        payload: { text: '420["subscribe",{}]', bytes: 19 },
      });
    });
  });

  describe('plain WebSocket', () => {
    it('should show the upgrade, the 101 response, the last tick sent and the last frame the client sent', async () => {
      const server = await startTestServer({ symbols: 40 });
      const tab = newTabId();
      const request = RawWebSocket.upgradeRequestTo(`${WEBSOCKET_PATH}?tab=${tab}`, 'User-Agent: inspector-test/1.0\r\n');
      const client = await RawWebSocket.open(server.port, request);
      await client.next((text) => text.startsWith('{'));
      client.ping('up?');
      await client.next((text) => text === 'up?');
      server.step();
      const tick = await client.next((text) => text.startsWith('['));

      const { websocket, socketio } = await inspect(server.url, tab);
      expect(socketio).toBeNull();
      expect(websocket?.handshake).toEqual({
        request: { text: request, bytes: request.length },
        response: { text: client.upgradeResponse, bytes: client.upgradeResponse.length },
        counted: { up: request.length, down: client.upgradeResponse.length },
      });
      expect(websocket?.lastDown).toEqual({
        header: dump(tick.header),
        fin: true,
        opcode: 1,
        masked: false,
        payload: { text: tick.text, bytes: tick.payload.length },
      });
      const ping = client.sent.at(-1);
      expect(websocket?.lastUp).toEqual({
        header: ping && dump(ping.header),
        fin: true,
        opcode: 9,
        masked: true,
        payload: { text: 'up?', bytes: 3 },
      });
    });
  });

  describe('the request', () => {
    it.each([
      ['without a tab', ''],
      ['with a malformed tab', '?tab=x'],
      ['with the tab twice', '?tab=tab-12345678&tab=tab-12345678'],
      ['with an unknown parameter', '?tab=tab-12345678&full=1'],
    ])('should answer 400 with a JSON error %s', async (_name, query) => {
      const server = await startTestServer();
      const response = await fetch(`${server.url}${INSPECT_PATH}${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(errorResponseSchema.parse(await response.json()).error).not.toBe('');
    });

    it('should say the tab is required when it is missing', async () => {
      const server = await startTestServer();
      const response = await fetch(`${server.url}${INSPECT_PATH}`);
      expect(errorResponseSchema.parse(await response.json()).error).toBe('parameter "tab" is required');
    });

    it('should refuse other methods than GET', async () => {
      const server = await startTestServer();
      const response = await fetch(`${server.url}${INSPECT_PATH}?tab=${newTabId()}`, { method: 'POST' });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET');
    });

    it("should book its own bytes to the tab's overhead, not to polling", async () => {
      const server = await startTestServer();
      const tab = newTabId();
      const connection = await RawHttpConnection.open(server.port);
      await connection.get(`/api/ticks?tab=${tab}`);
      const polled = { up: connection.bytesSent, down: connection.bytesReceived };

      const answer = await connection.get(`${INSPECT_PATH}?tab=${tab}`);
      expect(answer.status).toBe(200);
      const report = server.app.ledger.report(tab);
      expect(report.overhead).toEqual({
        requests: 1,
        bytesUp: connection.bytesSent - polled.up,
        bytesDown: connection.bytesReceived - polled.down,
      });
      expect(report.modes).toEqual({
        ...ZERO_MODE_COUNTERS,
        polling: { requests: 1, bytesUp: polled.up, bytesDown: polled.down },
        socketio: ZERO_COUNTERS,
      });
    });
  });
});
