import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { LongPollingTransport } from '../../../app/_transports/long-polling-transport';
import { DEFAULT_ABUSE_LIMITS } from '../../../server/guard/abuse-limits';
import { newTabId } from '../../support/socket-client';
import { startTestServer, TEST_EPOCH, type TestServer } from '../../support/start-test-server';
import { RecordingSink } from '../support/recording-sink';

/** The real transport, pointed at the test's server, stopped when the test finishes. */
function startTransport(server: TestServer, tab = newTabId()): RecordingSink {
  const sink = new RecordingSink();
  const transport = new LongPollingTransport(tab, server.url);
  onTestFinished(() => transport.stop());
  transport.start(sink);
  return sink;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * Resolves once the transport's next poll is held by the server: it has caught up and waits for a tick.
 * Within a few seconds, as it may first wait out a Retry-After.
 */
async function waiting(server: TestServer): Promise<void> {
  await vi.waitFor(() => expect(server.app.longPolls.waiting).toBe(1), { timeout: 5000 });
}

describe('LongPollingTransport', () => {
  it('should deliver every tick once and in order, each from a poll held until it was made', async () => {
    const server = await startTestServer();
    const tab = newTabId();
    server.step(3);
    const sink = startTransport(server, tab);
    await vi.waitFor(() => expect(sink.position()).toEqual({ epoch: TEST_EPOCH, since: 3 }));

    for (let i = 0; i < 5; i++) {
      await waiting(server);
      server.step();
    }
    // Several at once: the held poll gets the first, and the next poll, behind by the rest, gets them at once.
    await waiting(server);
    server.step(4);
    await vi.waitFor(() => expect(sink.seqs).toEqual(range(4, 12)));
    await waiting(server);

    expect(sink.snapshots).toEqual([TEST_EPOCH]);
    expect(sink.statuses.map((status) => status.state).filter((state) => state !== 'connected')).toEqual(['connecting']);
    expect(sink.statuses.at(-1)).toEqual({ state: 'connected', transport: 'HTTP long polling (held up to 25 s)' });
    expect(server.app.ledger.report(tab).breakdown.longpolling.heldPolls).toBeGreaterThanOrEqual(6);
  });

  it('should come back after the server restarts, in the new market from its snapshot', async () => {
    const first = await startTestServer();
    first.step(3);
    const sink = startTransport(first);
    await vi.waitFor(() => expect(sink.position()).toEqual({ epoch: TEST_EPOCH, since: 3 }));
    await waiting(first);
    first.step(2);
    await vi.waitFor(() => expect(sink.seqs).toEqual([4, 5]));

    // The held poll is cut with its connection; a new market starts on the same port.
    await first.app.close();
    await vi.waitFor(() => expect(sink.told('reconnecting')).toBe(true));
    const second = await startTestServer({}, {}, undefined, { port: first.port, epoch: TEST_EPOCH + 1 });
    second.step(7);
    await vi.waitFor(() => expect(sink.position()).toEqual({ epoch: TEST_EPOCH + 1, since: 7 }), { timeout: 10_000 });
    await waiting(second);
    second.step(2);

    await vi.waitFor(() => expect(sink.seqs).toEqual([4, 5, 8, 9]));
    expect(sink.snapshots).toEqual([TEST_EPOCH, TEST_EPOCH + 1]);
    expect(sink.statuses.at(-1)?.state).toBe('connected');
  });

  it('should say the server is restarting when its held poll is answered so, and lose no tick', async () => {
    const server = await startTestServer();
    server.step(3);
    const sink = startTransport(server);
    await vi.waitFor(() => expect(sink.position()).toEqual({ epoch: TEST_EPOCH, since: 3 }));
    await waiting(server);

    expect(server.app.longPolls.releaseAll()).toBe(1);
    await vi.waitFor(() => expect(sink.told('restarting', /shutting down/)).toBe(true));
    server.step(2);
    // Asked again after the Retry-After (1 s): behind by two ticks, it has them at once.
    await vi.waitFor(() => expect(sink.seqs).toEqual([4, 5]), { timeout: 5000 });
    expect(sink.statuses.at(-1)?.state).toBe('connected');
  });

  it('should wait as long as a refusal for polling too often says, and show that it is limited', async () => {
    // Two polls in a burst, then one a second: the snapshot, the held poll, and the next is refused.
    const server = await startTestServer({}, { limits: { ...DEFAULT_ABUSE_LIMITS, pollRatePerTab: 1 } });
    server.step(3);
    const sink = startTransport(server);
    await waiting(server);

    server.step();
    await vi.waitFor(() => expect(sink.told('limited', /429/)).toBe(true));
    expect(sink.statuses.find((status) => status.state === 'limited')?.transport).toMatch(
      /^HTTP long polling \(held up to 25 s\) · next poll in \d/,
    );
    const limitedAt = sink.statuses.findIndex((status) => status.state === 'limited');
    await waiting(server);
    server.step();
    await vi.waitFor(() => expect(sink.seqs).toEqual([4, 5]));
    // Connected again once a poll was answered (the next may well be refused again: one a second is slow).
    expect(sink.statuses.slice(limitedAt).some((status) => status.state === 'connected')).toBe(true);
  });
});
