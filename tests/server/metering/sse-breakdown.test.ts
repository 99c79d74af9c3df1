import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SseBreakdown } from '../../../lib/protocol/meter-report';
import { SSE_HEARTBEAT_EVENT, SSE_PATH, SSE_RESUME_EVENT } from '../../../lib/protocol/sse-api';
import { loadTlsMaterial, type TlsMaterial } from '../../../server/tls-certificate';
import { startCountingProxy } from '../support/counting-proxy';
import { tickTextOf } from '../support/poll-client';
import { RawEventStream } from '../support/raw-event-stream';
import { newTabId } from '../../support/socket-client';
import { startTestServer, TEST_EPOCH, type TestServer } from '../../support/start-test-server';

function sumOf(parts: SseBreakdown): number {
  return parts.requestHeaders + parts.responseHeaders + parts.chunkFraming + parts.eventFraming + parts.data + parts.tls;
}

/** The tick data the client read: each tick event's data, and the tick data of each catch-up page. */
function ticksSeenBy(stream: RawEventStream): number {
  return stream.events.reduce((sum, event) => {
    if (event.event === 'message') return sum + Buffer.byteLength(event.data);
    if (event.event === SSE_RESUME_EVENT) return sum + Buffer.byteLength(tickTextOf(event.data));
    return sum;
  }, 0);
}

/** Opens a stream for `tab` after three ticks, from the first (a catch-up of two), then lets three live ticks and a heartbeat go by. */
async function streamAndListen(server: TestServer, port: number, tab: string, tls?: TlsMaterial): Promise<RawEventStream> {
  server.step(3);
  const stream = await RawEventStream.open(port, `${SSE_PATH}?since=1&epoch=${TEST_EPOCH}&tab=${tab}`, tls ? { tls: { ca: tls.cert } } : {});
  await stream.next((event) => event.event === SSE_RESUME_EVENT);
  server.step(3);
  await stream.next((event) => event.id === `${TEST_EPOCH}:6`);
  await stream.next((event) => event.event === SSE_HEARTBEAT_EVENT);
  return stream;
}

describe('SSE breakdown', () => {
  let tls: TlsMaterial;
  beforeAll(async () => {
    tls = await loadTlsMaterial();
  });

  it('should split every byte of a stream into request, head, chunk framing, event framing and data as the client counted them', async () => {
    const server = await startTestServer();
    const tab = newTabId();
    const stream = await streamAndListen(server, server.port, tab);

    // Read in one go on both sides, once nothing is left in flight.
    const report = await vi.waitFor(() => {
      const now = server.app.ledger.report(tab);
      expect(now.modes.sse).toEqual({ requests: 1, bytesUp: stream.bytesSent, bytesDown: stream.bytesReceived });
      expect(now.breakdown.sse).toEqual({ ...stream.parts, tls: 0, ticks: ticksSeenBy(stream) });
      return now;
    });
    const parts = report.breakdown.sse;
    expect(sumOf(parts)).toBe(report.modes.sse.bytesUp + report.modes.sse.bytesDown);
    // One write, one chunk: a catch-up with its retry line, three ticks, a heartbeat at least.
    expect(parts.chunkFraming).toBeGreaterThanOrEqual(5 * '3c\r\n\r\n'.length);
    expect(parts.ticks).toBeGreaterThan(0);
    expect(parts.ticks).toBeLessThan(parts.data);
  });

  it('should still add up to every byte once the server has ended the stream and its connection', async () => {
    const server = await startTestServer();
    const tab = newTabId();
    const stream = await streamAndListen(server, server.port, tab);
    expect(server.app.sse.endAll()).toBe(1);
    await stream.ended();
    expect(stream.streamEnded).toBe(true);

    await vi.waitFor(() => {
      const report = server.app.ledger.report(tab);
      expect(report.modes.sse).toEqual({ requests: 1, bytesUp: stream.bytesSent, bytesDown: stream.bytesReceived });
      expect(report.breakdown.sse).toEqual({ ...stream.parts, tls: 0, ticks: ticksSeenBy(stream) });
    });
  });

  it('should split the plaintext of an HTTPS stream the same way, and book the rest of what a relay counted to TLS', async () => {
    const server = await startTestServer({}, { tls });
    const proxy = await startCountingProxy(server.port);
    const tab = newTabId();
    const stream = await streamAndListen(server, Number(new URL(proxy.url).port), tab, tls);

    const [wire] = proxy.connections;
    const report = await vi.waitFor(() => {
      const now = server.app.ledger.report(tab);
      expect(now.modes.sse).toEqual({ requests: 1, bytesUp: wire?.up, bytesDown: wire?.down });
      const plaintext = stream.bytesSent + stream.bytesReceived;
      expect(now.breakdown.sse).toEqual({ ...stream.parts, tls: (wire?.up ?? 0) + (wire?.down ?? 0) - plaintext, ticks: ticksSeenBy(stream) });
      return now;
    });
    expect(sumOf(report.breakdown.sse)).toBe((wire?.up ?? 0) + (wire?.down ?? 0));
    // The TLS handshake alone is over a kilobyte.
    expect(report.breakdown.sse.tls).toBeGreaterThan(1000);
  });
});
