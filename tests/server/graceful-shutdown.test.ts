import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { LONG_POLL_PATH } from '../../lib/protocol/long-poll-api';
import { errorResponseSchema, POLL_PATH, pollResponseSchema, SHUTTING_DOWN_STATUS } from '../../lib/protocol/poll-api';
import { SERVER_STATS_PATH, serverStatsMessageSchema } from '../../lib/protocol/server-stats';
import { SHUTDOWN_EVENT } from '../../lib/protocol/socket-events';
import { SSE_PATH, SSE_SHUTDOWN_EVENT } from '../../lib/protocol/sse-api';
import { WEBSOCKET_PATH, WS_CLOSE_CODES } from '../../lib/protocol/websocket-api';
import { startApp, type AppProcess } from '../support/app-process';
import { openEventStream } from '../support/event-stream';
import { PlainWebSocketClient } from './support/plain-websocket-client';
import { RawEventStream } from './support/raw-event-stream';
import { RawHttpConnection } from './support/raw-http';
import { RawWebSocket } from './support/raw-websocket';
import { connectClient, newTabId, nextTicks, type TickerClient } from '../support/socket-client';

/** The bound on a shutdown, from the signal to the process's exit. */
const EXIT_WITHIN_MS = 5000;

/** The app's own process without the pages (see support/pageless-app.ts), stopped when the test ends. */
async function startServer(args: readonly string[] = []): Promise<AppProcess> {
  const app = await startApp(args, 30_000, 'tests/server/support/pageless-app.ts');
  onTestFinished(() => app.kill());
  return app;
}

/** Resolves once the process has printed a line matching `pattern`; fails after EXIT_WITHIN_MS. */
async function printed(app: AppProcess, pattern: RegExp): Promise<void> {
  for (const start = performance.now(); !pattern.test(app.output()); await sleep(20)) {
    if (performance.now() - start > EXIT_WITHIN_MS) throw new Error(`no line matching ${String(pattern)} in:\n${app.output()}`);
  }
}

const portOf = (app: AppProcess) => Number(new URL(app.url).port);

/** A subscriber, and what it was told as the server went: whether the shutdown event came, and why it dropped. */
async function subscriber(app: AppProcess): Promise<{ told: Promise<boolean>; dropped: Promise<string> }> {
  const client: TickerClient = await connectClient(app.url, newTabId());
  await client.emitWithAck('subscribe', {});
  await nextTicks(client, 1);
  let told = false;
  client.once(SHUTDOWN_EVENT, () => (told = true));
  const dropped = new Promise<string>((resolve) => client.once('disconnect', resolve));
  return { told: dropped.then(() => told), dropped };
}

/** An SSE stream that has had a live tick, read by hand. */
async function sseViewer(app: AppProcess): Promise<RawEventStream> {
  const stream = await RawEventStream.open(portOf(app), `${SSE_PATH}?tab=${newTabId()}`);
  await stream.next((event) => event.event === 'message');
  return stream;
}

/** A client that subscribed over Socket.IO by hand and then stopped reading: it never answers a close. */
async function stalledSubscriber(app: AppProcess): Promise<RawWebSocket> {
  const client = await RawWebSocket.open(portOf(app), RawWebSocket.upgradeRequest(`tab=${newTabId()}`));
  await client.next((text) => text.startsWith('0{'));
  client.send('40');
  await client.next((text) => text.startsWith('40{'));
  client.send('420["subscribe",{}]');
  await client.next((text) => text.startsWith('430['));
  client.pause();
  return client;
}

/** A plain WebSocket client that has had its catch-up and a live tick. */
async function plainWebSocket(app: AppProcess): Promise<PlainWebSocketClient> {
  const client = await PlainWebSocketClient.open(app.url, `tab=${newTabId()}`);
  await vi.waitFor(() => expect(client.texts.some((text) => text.startsWith('['))).toBe(true));
  return client;
}

/** Signals the process and resolves with its exit code and how long it took to exit. */
async function signalled(app: AppProcess, signal: NodeJS.Signals): Promise<{ code: number | null; tookMs: number }> {
  const start = performance.now();
  app.signal(signal);
  const code = await app.exited;
  return { code, tookMs: performance.now() - start };
}

describe('graceful shutdown', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'should on %s stop accepting, tell its clients and the poll in flight, and exit with 0 within 5 s despite clients that hang',
    async (signal) => {
      const app = await startServer();
      const subscribers = [await subscriber(app), await subscriber(app)];
      const webSocket = await plainWebSocket(app);
      const stream = await openEventStream(`${app.url}${SERVER_STATS_PATH}`, serverStatsMessageSchema);
      await stream.next();
      const sse = await sseViewer(app);
      // One that had its answer and keeps its connection, then asks for a stream once the server is going.
      const lateViewer = await RawHttpConnection.open(portOf(app));
      expect((await lateViewer.get('/api/market')).status).toBe(200);
      // A poll whose request is on its way when the signal comes: its last line is still to be sent.
      const poller = await RawHttpConnection.open(portOf(app));
      poller.write(`GET ${POLL_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
      // Two that polled and keep their connection for the next request, as a browser does.
      const idlePoller = await RawHttpConnection.open(portOf(app));
      expect((await idlePoller.send(`GET ${POLL_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)).status).toBe(200);
      const lateUpgrader = await RawHttpConnection.open(portOf(app));
      expect((await lateUpgrader.send(`GET ${POLL_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)).status).toBe(200);
      // Two that hang: a WebSocket that stopped reading, and a request that never finishes.
      const stalled = await stalledSubscriber(app);
      (await RawHttpConnection.open(portOf(app))).write(`GET ${POLL_PATH} HTTP/1.1\r\n`);

      const exit = signalled(app, signal);
      await printed(app, /Shutdown: stopped accepting connections/);
      const answer = await poller.send('\r\n');
      const nextPoll = await idlePoller.send(`GET ${POLL_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      const lateStream = await lateViewer.get(`${SSE_PATH}?tab=${newTabId()}`);
      const lateUpgrade = await lateUpgrader.send(RawWebSocket.upgradeRequestTo(`${WEBSOCKET_PATH}?tab=${newTabId()}`));
      await expect(fetch(`${app.url}${POLL_PATH}`)).rejects.toThrow();
      const { code, tookMs } = await exit;

      // Pollers are told too, with a time to ask again, and lose nothing: they ask again by `since`.
      for (const told of [answer, nextPoll, lateStream]) {
        expect(told.status).toBe(SHUTTING_DOWN_STATUS);
        expect(told.headers.connection).toBe('close');
        expect(told.headers['retry-after']).toBe('1');
        expect(errorResponseSchema.parse(JSON.parse(told.body)).error).toMatch(/shutting down/);
      }
      // A WebSocket asked for while draining would only be closed again at once.
      expect(lateUpgrade.status).toBe(SHUTTING_DOWN_STATUS);
      expect(errorResponseSchema.parse(JSON.parse(lateUpgrade.body)).error).toMatch(/shutting down/);
      expect(idlePoller.ended).toBe(true);
      expect(lateUpgrader.ended).toBe(true);
      expect(poller.ended).toBe(true);
      for (const { told, dropped } of subscribers) {
        expect(await told).toBe(true);
        // A drop the client reconnects after by itself, unlike the "io server disconnect" of a kick.
        expect(await dropped).toBe('transport close');
      }
      // The plain WebSocket is told with its close code, which its client shows as a restart.
      expect(await webSocket.closed).toEqual({ code: WS_CLOSE_CODES.serviceRestart, reason: expect.stringMatching(/restarting/) as string });
      await expect(stream.next()).rejects.toThrow(/ended/);
      // The SSE stream is told why, as its last event, and ends with its connection.
      await sse.ended();
      expect(sse.streamEnded).toBe(true);
      expect(sse.events.at(-1)).toMatchObject({ event: SSE_SHUTDOWN_EVENT, data: '{"error":"the server is shutting down"}' });
      // The stalled one finds its connection closed once it reads again.
      stalled.resume();
      await stalled.closed();

      expect(code).toBe(0);
      expect(tookMs).toBeLessThan(EXIT_WITHIN_MS);
      const output = app.output();
      expect(output).toContain(`${signal}: shutting down`);
      expect(output).toContain(
        'Shutdown: told 3 Socket.IO clients, 1 WebSocket client, 1 SSE stream and 0 held long polls, and ended 1 other event stream',
      );
      expect(output).toContain('Shutdown: stopped the market');
      expect(output).toMatch(/Shutdown: cut 2 connections still open after/);
      expect(output).toContain('Shutdown: done');
    },
    30_000,
  );

  it('should answer the long polls it holds at once, and those that come while it drains, with a Retry-After', async () => {
    // A tick a minute: a poll that is up to date is held until the shutdown.
    const app = await startServer(['--tick-ms', '60000']);
    const idle = await RawHttpConnection.open(portOf(app));
    const snapshot = pollResponseSchema.parse(JSON.parse((await idle.get(LONG_POLL_PATH)).body));
    if (snapshot.kind !== 'snapshot') throw new Error(`expected a snapshot, got ${snapshot.kind}`);
    const { epoch, seq } = snapshot.snapshot;
    const upToDate = `GET ${LONG_POLL_PATH}?since=${seq}&epoch=${epoch}&tab=${newTabId()} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    const held = await RawHttpConnection.open(portOf(app));
    held.write(upToDate);
    // Its request went out before this connection was opened, so the server has read it by the time it
    // answers here: it is held, not answered.
    expect((await (await RawHttpConnection.open(portOf(app))).get(`${POLL_PATH}?since=${seq}`)).status).toBe(200);
    expect(held.bytesReceived).toBe(0);

    const exit = signalled(app, 'SIGTERM');
    const heldAnswer = await held.read();
    await printed(app, /Shutdown: told/);
    const drainAnswer = await idle.send(upToDate);
    const { code, tookMs } = await exit;

    for (const told of [heldAnswer, drainAnswer]) {
      expect(told.status).toBe(SHUTTING_DOWN_STATUS);
      expect(told.headers.connection).toBe('close');
      expect(told.headers['retry-after']).toBe('1');
      expect(errorResponseSchema.parse(JSON.parse(told.body)).error).toMatch(/shutting down/);
    }
    expect(held.ended).toBe(true);
    expect(idle.ended).toBe(true);
    expect(code).toBe(0);
    expect(tookMs).toBeLessThan(EXIT_WITHIN_MS);
    expect(app.output()).toContain(
      'Shutdown: told 0 Socket.IO clients, 0 WebSocket clients, 0 SSE streams and 1 held long poll, and ended 0 other event streams',
    );
  }, 30_000);

  it('should exit as soon as its clients have gone, without waiting out the drain', async () => {
    const app = await startServer();
    const { dropped } = await subscriber(app);
    const sse = await sseViewer(app);
    const webSocket = await plainWebSocket(app);

    const { code, tookMs } = await signalled(app, 'SIGTERM');
    expect(await dropped).toBe('transport close');
    await sse.ended();
    expect((await webSocket.closed).code).toBe(WS_CLOSE_CODES.serviceRestart);
    expect(code).toBe(0);
    expect(tookMs).toBeLessThan(1500);
    expect(app.output()).toContain('Shutdown: every connection has closed');
    expect(app.output()).not.toContain('Shutdown: cut');
  }, 30_000);
});
