import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { WEBSOCKET_PATH } from '../../../../lib/protocol/websocket-api';
import { PlainWebSocketClient } from '../../support/plain-websocket-client';
import { RawWebSocket } from '../../support/raw-websocket';
import { newTabId } from '../../../support/socket-client';
import { startTestServer } from '../../../support/start-test-server';

/**
 * As in the Socket.IO slow-consumer test: 500 symbols, 4 ticks every 10 ms, about 1.5 MB a second to each
 * client, so a client that stops reading fills the kernel's buffers within seconds, and then this process's.
 */
const MARKET = { symbols: 500, tickIntervalMs: 100 };
const STEP_EVERY_MS = 10;
const TICKS_PER_STEP = 4;
/** Longer than the test: the client that stops reading also stops answering pings, and must be cut as a slow reader. */
const HEARTBEAT_MS = 120_000;

describe('plain WebSocket slow readers', () => {
  it('should cut a client that stops reading once it holds too much, while a reading one gets every tick', async () => {
    const server = await startTestServer(MARKET, { webSocketHeartbeatMs: HEARTBEAT_MS, webSocketPingMs: HEARTBEAT_MS });
    const reader = await PlainWebSocketClient.open(server.url);
    const slow = await RawWebSocket.open(server.port, RawWebSocket.upgradeRequestTo(`${WEBSOCKET_PATH}?tab=${newTabId()}`));
    await slow.next((text) => text.startsWith('{'));

    const ticking = setInterval(() => server.step(TICKS_PER_STEP), STEP_EVERY_MS);
    onTestFinished(() => clearInterval(ticking));
    slow.pause();
    await vi.waitFor(() => expect(server.app.websocket.clientCount).toBe(1), { timeout: 30_000, interval: 100 });
    clearInterval(ticking);
    await vi.waitFor(() => expect(server.app.stats.recent().at(-1)?.totals.slowReadersCut).toBe(1), { timeout: 3000 });

    // Once it reads again it gets what the kernel held, then the end of the connection, without a close frame.
    slow.resume();
    await slow.closed();
    expect(slow.closeCode).toBeUndefined();
    // The reader got every tick, once and in order, and is still served.
    await vi.waitFor(() => expect(reader.seqs().at(-1)).toBe(server.engine.latestSeq), { timeout: 10_000 });
    expect(reader.seqs()).toEqual(Array.from({ length: server.engine.latestSeq + 1 }, (_, i) => i));
    expect(reader.ws.readyState).toBe(reader.ws.OPEN);
  }, 60_000);
});
