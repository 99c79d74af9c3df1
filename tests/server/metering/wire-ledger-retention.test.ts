import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ZERO_MODE_COUNTERS, ZERO_COUNTERS } from '../../../lib/protocol/meter-report';
import { WireLedger } from '../../../server/metering/wire-ledger';

/** Just what the ledger reads from a connection: its byte totals and its close event. */
class FakeConnection extends EventEmitter {
  bytesRead = 0;
  bytesWritten = 0;

  get socket(): Socket {
    return this as unknown as Socket;
  }

  transfer(up: number, down: number): void {
    this.bytesRead += up;
    this.bytesWritten += down;
  }
}

function ledgerAt(clock: { now: number }, options: { maxTabs?: number; idleMs?: number } = {}): WireLedger {
  return new WireLedger({ ...options, now: () => clock.now });
}

describe('wire ledger (retention and streams)', () => {
  it('should stop counting an event stream once its booking ends, though the connection stays open', () => {
    const ledger = new WireLedger();
    const connection = new FakeConnection();
    connection.transfer(100, 0);
    const end = ledger.openStream(connection.socket, 'tab-aaaaaaaa', 'overhead');
    connection.transfer(0, 500);
    end();
    connection.transfer(80, 300);
    ledger.settleRequest(connection.socket, { tab: 'tab-aaaaaaaa', ledger: 'polling' });

    expect(ledger.report('tab-aaaaaaaa')).toMatchObject({
      overhead: { requests: 1, bytesUp: 100, bytesDown: 500 },
      modes: { ...ZERO_MODE_COUNTERS, polling: { requests: 1, bytesUp: 80, bytesDown: 300 }, socketio: ZERO_COUNTERS },
    });
  });

  it('should settle a stream when its connection closes, and count nothing after', () => {
    const ledger = new WireLedger();
    const connection = new FakeConnection();
    ledger.openStream(connection.socket, 'tab-aaaaaaaa', 'overhead');
    connection.transfer(300, 200);
    connection.emit('close');
    connection.transfer(1000, 1000);

    expect(ledger.report('tab-aaaaaaaa').overhead).toEqual({ requests: 1, bytesUp: 300, bytesDown: 200 });
  });

  it('should forget a tab idle past the limit on sweep, but never one with an open connection', () => {
    const clock = { now: 0 };
    const ledger = ledgerAt(clock, { idleMs: 1000 });
    ledger.settleRequest(new FakeConnection().socket, { tab: 'tab-idle-one', ledger: 'polling' });
    ledger.openStream(new FakeConnection().socket, 'tab-streaming', 'overhead');

    clock.now = 1001;
    ledger.sweep();
    expect(ledger.tabCount).toBe(1);
    expect(ledger.report('tab-idle-one').modes.polling).toEqual(ZERO_COUNTERS);
    expect(ledger.report('tab-streaming').overhead.requests).toBe(1);
  });

  it('should keep a tab that reads its meter report from being swept', () => {
    const clock = { now: 0 };
    const ledger = ledgerAt(clock, { idleMs: 1000 });
    ledger.settleRequest(new FakeConnection().socket, { tab: 'tab-watched', ledger: 'polling' });

    clock.now = 900;
    ledger.report('tab-watched');
    clock.now = 1500;
    ledger.sweep();
    expect(ledger.tabCount).toBe(1);
  });

  it('should evict the longest-idle tab without open connections when full', () => {
    const clock = { now: 0 };
    const ledger = ledgerAt(clock, { maxTabs: 3 });
    ledger.openStream(new FakeConnection().socket, 'tab-oldest-but-live', 'overhead');
    clock.now = 1;
    ledger.settleRequest(new FakeConnection().socket, { tab: 'tab-older-idle', ledger: 'polling' });
    clock.now = 2;
    ledger.settleRequest(new FakeConnection().socket, { tab: 'tab-newer-idle', ledger: 'polling' });

    clock.now = 3;
    ledger.settleRequest(new FakeConnection().socket, { tab: 'tab-newcomer', ledger: 'polling' });
    expect(ledger.tabCount).toBe(3);
    expect(ledger.report('tab-older-idle').modes.polling).toEqual(ZERO_COUNTERS);
    expect(ledger.report('tab-oldest-but-live').overhead.requests).toBe(1);
    expect(ledger.report('tab-newer-idle').modes.polling.requests).toBe(1);
    expect(ledger.report('tab-newcomer').modes.polling.requests).toBe(1);
  });

  it("should total every tab's traffic per ledger, open streams to the moment, forgotten tabs included", () => {
    const ledger = new WireLedger({ maxTabs: 1 });
    const poller = new FakeConnection();
    poller.transfer(400, 900);
    ledger.settleRequest(poller.socket, { tab: 'tab-first-one', ledger: 'polling' });
    const stream = new FakeConnection();
    // Over the limit of one tab: the first tab is forgotten, but not what it cost.
    ledger.openStream(stream.socket, 'tab-streaming', 'overhead');
    stream.transfer(200, 700);
    expect(ledger.tabCount).toBe(1);

    expect(ledger.totals()).toEqual({
      ...ZERO_MODE_COUNTERS,
      polling: { requests: 1, bytesUp: 400, bytesDown: 900 },
      socketio: ZERO_COUNTERS,
      overhead: { requests: 1, bytesUp: 200, bytesDown: 700 },
    });
    stream.emit('close');
    stream.transfer(50, 50);
    expect(ledger.totals().overhead).toEqual({ requests: 1, bytesUp: 200, bytesDown: 700 });
  });
});
