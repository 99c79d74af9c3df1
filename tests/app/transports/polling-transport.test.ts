import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { PollingTransport } from '../../../app/_transports/polling-transport';
import { DEFAULT_ABUSE_LIMITS } from '../../../server/guard/abuse-limits';
import { newTabId } from '../../support/socket-client';
import { startTestServer, TEST_EPOCH, type TestServer } from '../../support/start-test-server';
import { RecordingSink } from '../support/recording-sink';

/** The real transport, pointed at the test's server, stopped when the test finishes. */
function startTransport(server: TestServer, intervalMs: number): { sink: RecordingSink; transport: PollingTransport } {
  const sink = new RecordingSink();
  const transport = new PollingTransport(newTabId(), intervalMs, server.url);
  onTestFinished(() => transport.stop());
  transport.start(sink);
  return { sink, transport };
}

describe('PollingTransport', () => {
  it('should deliver every tick once and in order, however many each poll brings', async () => {
    const server = await startTestServer();
    server.step(3);
    const { sink, transport } = startTransport(server, 100);
    await vi.waitFor(() => expect(sink.position()).toEqual({ epoch: TEST_EPOCH, since: 3 }));

    server.step();
    await vi.waitFor(() => expect(sink.seqs).toEqual([4]));
    server.step(3);
    await vi.waitFor(() => expect(sink.seqs).toEqual([4, 5, 6, 7]));
    transport.setInterval(250);
    server.step();
    await vi.waitFor(() => expect(sink.seqs).toEqual([4, 5, 6, 7, 8]));

    expect(sink.snapshots).toEqual([TEST_EPOCH]);
    expect(sink.statuses.map((status) => status.state).filter((state) => state !== 'connected')).toEqual(['connecting']);
    expect(sink.statuses.at(-1)).toEqual({ state: 'connected', transport: transport.label });
    expect(transport.label).toMatch(/^HTTP polling every /);
  });

  it('should wait as long as a refusal for polling too often says, show that it is limited, and lose no tick', async () => {
    const server = await startTestServer({}, { limits: { ...DEFAULT_ABUSE_LIMITS, pollRatePerTab: 1 } });
    server.step(3);
    const { sink } = startTransport(server, 100);

    await vi.waitFor(() => expect(sink.told('limited', /429/)).toBe(true));
    const limitedAt = sink.statuses.findIndex((status) => status.state === 'limited');
    server.step(2);
    await vi.waitFor(() => expect(sink.seqs).toEqual([4, 5]), { timeout: 5000 });
    // Connected again once a poll was answered (the next may well be refused again: one a second is slow).
    expect(sink.statuses.slice(limitedAt).some((status) => status.state === 'connected')).toBe(true);
  });

  it('should say it is reconnecting while the server is gone, and come back in the new market', async () => {
    const first = await startTestServer();
    first.step(3);
    const { sink } = startTransport(first, 100);
    await vi.waitFor(() => expect(sink.position()).toEqual({ epoch: TEST_EPOCH, since: 3 }));

    await first.app.close();
    await vi.waitFor(() => expect(sink.told('reconnecting')).toBe(true));
    const second = await startTestServer({}, {}, undefined, { port: first.port, epoch: TEST_EPOCH + 1 });
    second.step(7);
    await vi.waitFor(() => expect(sink.position()).toEqual({ epoch: TEST_EPOCH + 1, since: 7 }), { timeout: 10_000 });
    second.step();
    await vi.waitFor(() => expect(sink.seqs).toEqual([8]));
  });
});
