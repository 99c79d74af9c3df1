// Payload size of one tick, and what Socket.IO adds on the wire: the figures behind "the meter compares
// transports, not encodings". Measured on a real server and a real socket.io-client, in process.
import type { AddressInfo } from 'node:net';
import { io } from 'socket.io-client';
import { MarketEngine } from '../../../../lib/market/market-engine';
import { SOCKET_PATH, TICK_EVENT, type ClientToServerEvents, type ServerToClientEvents } from '../../../../lib/protocol/socket-events';
import { encodeTick } from '../../../../lib/protocol/tick-codec';
import type { Socket } from 'socket.io-client';
import { createAppServer } from '../../../../server/app-server';

/** Issue targets: average payload per symbol update at 20 symbols, and Socket.IO wire bytes per tick. */
export const PAYLOAD_BYTES_PER_UPDATE_TARGET = 10;
export const WIRE_TO_PAYLOAD_TARGET = 1.1;

const SYMBOLS = 20;
/** An hour of ticks at 100 ms first: sequence numbers have grown to the size a long-running demo sends. */
const TICKS_BEFORE = 36_000;
const TICKS_MEASURED = 3_000;
const TAB = 'payloadbench0001';

/** Markets with different seeds move different numbers of symbols a tick; the verdicts are on all of them together. */
const SEEDS = [1, 2, 3, 4, 5];

export interface SeedFigures {
  readonly seed: number;
  readonly payloadBytesPerUpdate: number;
  readonly wireToPayload: number;
}

export interface PayloadSizeResult {
  readonly symbols: number;
  readonly ticksBefore: number;
  /** Per seed; the figures below are over every seed's ticks together. */
  readonly ticksMeasured: number;
  readonly seeds: readonly SeedFigures[];
  readonly updatesPerTick: number;
  readonly payloadBytesPerTick: number;
  readonly payloadBytesPerUpdate: number;
  /** Server-to-client TCP payload of the subscriber's WebSocket per tick: frame header, Socket.IO envelope, tick. */
  readonly wireBytesPerTick: number;
  readonly wireToPayload: number;
}

interface SeedCounts {
  readonly payloadBytes: number;
  readonly updates: number;
  readonly wireBytes: number;
}

export async function runPayloadSize(): Promise<PayloadSizeResult> {
  const seeds: SeedFigures[] = [];
  let payloadBytes = 0;
  let updates = 0;
  let wireBytes = 0;
  for (const seed of SEEDS) {
    const counts = await measureSeed(seed);
    seeds.push({
      seed,
      payloadBytesPerUpdate: counts.payloadBytes / counts.updates,
      wireToPayload: counts.wireBytes / counts.payloadBytes,
    });
    payloadBytes += counts.payloadBytes;
    updates += counts.updates;
    wireBytes += counts.wireBytes;
  }
  const ticks = TICKS_MEASURED * SEEDS.length;
  return {
    symbols: SYMBOLS,
    ticksBefore: TICKS_BEFORE,
    ticksMeasured: TICKS_MEASURED,
    seeds,
    updatesPerTick: updates / ticks,
    payloadBytesPerTick: payloadBytes / ticks,
    payloadBytesPerUpdate: payloadBytes / updates,
    wireBytesPerTick: wireBytes / ticks,
    wireToPayload: wireBytes / payloadBytes,
  };
}

async function measureSeed(seed: number): Promise<SeedCounts> {
  const engine = new MarketEngine({ symbols: SYMBOLS, seed });
  const app = createAppServer(engine);
  for (let i = 0; i < TICKS_BEFORE; i++) engine.step();
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const { port } = app.http.address() as AddressInfo;
  const client: Socket<ServerToClientEvents, ClientToServerEvents> = io(`http://127.0.0.1:${port}`, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    query: { tab: TAB },
    reconnection: false,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('connect_error', reject);
      client.once('connect', () => client.emit('subscribe', { since: engine.latestSeq, epoch: engine.epoch }, () => resolve()));
    });
    const before = app.ledger.report(TAB).modes.socketio.bytesDown;
    let received = 0;
    const allReceived = new Promise<void>((resolve) =>
      client.on(TICK_EVENT, () => {
        received += 1;
        if (received === TICKS_MEASURED) resolve();
      }),
    );
    let payloadBytes = 0;
    let updates = 0;
    for (let i = 0; i < TICKS_MEASURED; i++) {
      const tick = engine.step();
      payloadBytes += Buffer.byteLength(encodeTick(tick));
      updates += tick.updates.length;
    }
    await allReceived;
    return { payloadBytes, updates, wireBytes: app.ledger.report(TAB).modes.socketio.bytesDown - before };
  } finally {
    client.close();
    engine.stop();
    await app.close();
  }
}
