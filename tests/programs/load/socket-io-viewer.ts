import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import { newTabId } from '../../../lib/protocol/tab-id';
import { pollResponseSchema } from '../../../lib/protocol/poll-api';
import { SOCKET_PATH, TICK_EVENT } from '../../../lib/protocol/socket-events';
import { decodeTick } from '../../../lib/protocol/tick-codec';
import type { Tick } from '../../../lib/protocol/tick';
import { DecodeCache } from './decode-cache';
import type { ModeTally } from './mode-tally';
import { SequenceCheck } from './sequence-check';

/** From opening the WebSocket to the subscribe ack; a server that takes longer is failing this viewer. */
const CONNECT_TIMEOUT_MS = 10_000;
/** How long a clean close may take before the socket is cut. */
const CLOSE_TIMEOUT_MS = 2_000;

// engine.io v4 packet types, and Socket.IO v5 packets inside engine.io "message" (4) packets.
const ENGINE_OPEN = '0';
const ENGINE_CLOSE = '1';
const ENGINE_PING = '2';
const ENGINE_PONG = '3';
const SOCKET_CONNECT = '40';
const SOCKET_CONNECT_ERROR = '44';
const SOCKET_EVENT = '42';
/** An ack (3) with id 0: the answer to the one subscribe this viewer sends. */
const SUBSCRIBE_ACK = '430';
const SUBSCRIBE = `${SOCKET_EVENT}0${JSON.stringify(['subscribe', {}])}`;

function decodeTickFrame(text: string): Tick {
  const packet: unknown = JSON.parse(text.slice(SOCKET_EVENT.length));
  if (!Array.isArray(packet) || packet[0] !== TICK_EVENT) throw new Error(`unexpected event: ${text.slice(0, 40)}`);
  return decodeTick(packet[1]);
}

/** Every viewer receives the same frame for a tick; it is decoded once. */
const tickFrames = new DecodeCache(decodeTickFrame);

type Stage = 'open' | 'connect' | 'subscribe' | 'live' | 'closed';

/**
 * One simulated Socket.IO viewer, speaking engine.io v4 and Socket.IO v5 over a bare `ws` WebSocket:
 * a full socket.io-client per viewer would cost the load generator more than the server it measures.
 * It subscribes from nothing (the server answers with a snapshot), checks every tick's sequence number
 * and records its age, and answers the server's pings.
 */
export class SocketIoViewer {
  readonly check = new SequenceCheck();
  readonly #tally: ModeTally;
  readonly #ws: WebSocket;
  #socket: Socket | undefined;
  #stage: Stage = 'open';
  #stopping = false;
  #settle: ((connected: boolean) => void) | undefined;
  readonly #closed: Promise<void>;

  constructor(baseUrl: URL, tally: ModeTally) {
    this.#tally = tally;
    const url = new URL(`${SOCKET_PATH}/`, baseUrl);
    url.protocol = 'ws:';
    url.search = `EIO=4&transport=websocket&tab=${newTabId()}`;
    tally.requests += 1;
    this.#ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS });
    this.#ws.once('upgrade', (response) => {
      this.#socket = response.socket;
    });
    this.#ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) this.#receive(data.toString('utf8'));
    });
    // Errors end in 'close' too; what they were is not worth a line per viewer at 10,000 viewers.
    this.#ws.on('error', () => undefined);
    this.#closed = new Promise((resolve) => {
      this.#ws.once('close', () => {
        this.#tally.bytesReceived += this.#socket?.bytesRead ?? 0;
        if (this.#stage === 'live' && !this.#stopping) this.#tally.dropped += 1;
        this.#stage = 'closed';
        this.#finishConnecting(false);
        resolve();
      });
    });
  }

  /** Resolves once subscribed (true) or once that failed or was cut short by stop() (false). */
  connect(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#fail(), CONNECT_TIMEOUT_MS);
      this.#settle = (connected) => {
        clearTimeout(timer);
        if (connected) this.#tally.connected += 1;
        else if (!this.#stopping) this.#tally.failed += 1;
        resolve(connected);
      };
      if (this.#stage === 'closed') this.#finishConnecting(false);
    });
  }

  /** Closes the WebSocket cleanly, cutting it if the server does not answer the close in time. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#stage !== 'closed') {
      this.#ws.close(1000);
      const timer = setTimeout(() => this.#ws.terminate(), CLOSE_TIMEOUT_MS);
      await this.#closed;
      clearTimeout(timer);
    }
  }

  #finishConnecting(connected: boolean): void {
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(connected);
  }

  #fail(): void {
    this.#finishConnecting(false);
    this.#ws.terminate();
  }

  #receive(text: string): void {
    if (text === ENGINE_PING) {
      this.#ws.send(ENGINE_PONG);
      return;
    }
    if (text === ENGINE_CLOSE) return;
    try {
      this.#step(text);
    } catch {
      // A packet this viewer cannot read means the server broke the protocol: the viewer gives up.
      if (this.#stage === 'live') this.#ws.terminate();
      else this.#fail();
    }
  }

  #step(text: string): void {
    switch (this.#stage) {
      case 'open':
        if (!text.startsWith(ENGINE_OPEN)) throw new Error('expected the engine.io open packet');
        this.#stage = 'connect';
        this.#ws.send(SOCKET_CONNECT);
        return;
      case 'connect':
        if (text.startsWith(SOCKET_CONNECT_ERROR) || !text.startsWith(SOCKET_CONNECT)) throw new Error(text);
        this.#stage = 'subscribe';
        this.#ws.send(SUBSCRIBE);
        return;
      case 'subscribe': {
        if (!text.startsWith(SUBSCRIBE_ACK)) throw new Error('expected the subscribe ack');
        const [reply] = JSON.parse(text.slice(SUBSCRIBE_ACK.length)) as unknown[];
        const answer = pollResponseSchema.parse(reply);
        if (answer.kind === 'snapshot') this.check.resumeAt(answer.snapshot.epoch, answer.snapshot.seq);
        else this.check.resumeAt(answer.epoch, answer.seq);
        this.#stage = 'live';
        this.#tally.track(this.check);
        this.#finishConnecting(true);
        return;
      }
      case 'live': {
        if (!text.startsWith(SOCKET_EVENT)) return;
        const tick = tickFrames.get(text);
        if (this.check.observe(tick.epoch, tick.seq)) this.#tally.recordTick(tick.ts, Date.now());
        return;
      }
      case 'closed':
        return;
    }
  }
}
