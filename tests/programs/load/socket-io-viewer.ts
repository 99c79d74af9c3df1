import { newTabId } from '../../../lib/protocol/tab-id';
import { pollResponseSchema } from '../../../lib/protocol/poll-api';
import { SOCKET_PATH, TICK_EVENT } from '../../../lib/protocol/socket-events';
import { decodeTick } from '../../../lib/protocol/tick-codec';
import type { Tick } from '../../../lib/protocol/tick';
import { DecodeCache } from './decode-cache';
import type { ModeTally } from './mode-tally';
import { SequenceCheck } from './sequence-check';
import { CONNECT_TIMEOUT_MS, ViewerWebSocket } from './viewer-websocket';

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
  readonly #socket: ViewerWebSocket;
  #stage: Stage = 'open';
  #settle: ((connected: boolean) => void) | undefined;

  constructor(baseUrl: URL, tally: ModeTally) {
    this.#tally = tally;
    const url = new URL(`${SOCKET_PATH}/`, baseUrl);
    url.protocol = 'ws:';
    url.search = `EIO=4&transport=websocket&tab=${newTabId()}`;
    this.#socket = new ViewerWebSocket(url, tally, () => {
      this.#stage = 'closed';
      this.#finishConnecting(false);
    });
    this.#socket.ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) this.#receive(data.toString('utf8'));
    });
  }

  /** Resolves once subscribed (true) or once that failed or was cut short by stop() (false). */
  connect(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#fail(), CONNECT_TIMEOUT_MS);
      this.#settle = (connected) => {
        clearTimeout(timer);
        if (connected) this.#tally.connected += 1;
        else if (!this.#socket.stopping) this.#tally.failed += 1;
        resolve(connected);
      };
      if (this.#stage === 'closed') this.#finishConnecting(false);
    });
  }

  stop(): Promise<void> {
    return this.#socket.stop();
  }

  #finishConnecting(connected: boolean): void {
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(connected);
  }

  #fail(): void {
    this.#finishConnecting(false);
    this.#socket.ws.terminate();
  }

  #receive(text: string): void {
    if (text === ENGINE_PING) {
      this.#socket.ws.send(ENGINE_PONG);
      return;
    }
    if (text === ENGINE_CLOSE) return;
    try {
      this.#step(text);
    } catch {
      // A packet this viewer cannot read means the server broke the protocol: the viewer gives up.
      if (this.#stage === 'live') this.#socket.ws.terminate();
      else this.#fail();
    }
  }

  #step(text: string): void {
    switch (this.#stage) {
      case 'open':
        if (!text.startsWith(ENGINE_OPEN)) throw new Error('expected the engine.io open packet');
        this.#stage = 'connect';
        this.#socket.ws.send(SOCKET_CONNECT);
        return;
      case 'connect':
        if (text.startsWith(SOCKET_CONNECT_ERROR) || !text.startsWith(SOCKET_CONNECT)) throw new Error(text);
        this.#stage = 'subscribe';
        this.#socket.ws.send(SUBSCRIBE);
        return;
      case 'subscribe': {
        if (!text.startsWith(SUBSCRIBE_ACK)) throw new Error('expected the subscribe ack');
        const [reply] = JSON.parse(text.slice(SUBSCRIBE_ACK.length)) as unknown[];
        const answer = pollResponseSchema.parse(reply);
        if (answer.kind === 'snapshot') this.check.resumeAt(answer.snapshot.epoch, answer.snapshot.seq);
        else this.check.resumeAt(answer.epoch, answer.seq);
        this.#stage = 'live';
        this.#socket.live = true;
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
