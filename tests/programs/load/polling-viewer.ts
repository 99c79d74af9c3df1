import { Agent, get } from 'node:http';
import type { Socket } from 'node:net';
import { newTabId } from '../../../lib/protocol/tab-id';
import { POLL_PATH, pollResponseSchema } from '../../../lib/protocol/poll-api';
import { decodeTick } from '../../../lib/protocol/tick-codec';
import type { MarketSnapshot, Tick } from '../../../lib/protocol/tick';
import { DecodeCache } from './decode-cache';
import type { ModeTally } from './mode-tally';
import { SequenceCheck } from './sequence-check';

/** Longest a poll may take; a server that slow is failing its pollers. */
const POLL_TIMEOUT_MS = 10_000;

type PollAnswer =
  | { readonly kind: 'snapshot'; readonly snapshot: MarketSnapshot }
  | { readonly kind: 'ticks'; readonly more: boolean; readonly ticks: readonly Tick[] };

function decodePollBody(text: string): PollAnswer {
  const answer = pollResponseSchema.parse(JSON.parse(text));
  if (answer.kind === 'snapshot') return answer;
  return { kind: 'ticks', more: answer.more, ticks: answer.ticks.map((wire) => decodeTick(wire)) };
}

/** Pollers in step get the same body (the server shares it between two ticks); it is decoded once. */
const pollBodies = new DecodeCache(decodePollBody);

/** A keeping-up poll's query, in the order the page writes it, so the server takes its fast path. */
export function pollQuery(since: number, epoch: number, tab: string): string {
  return `since=${since}&epoch=${epoch}&tab=${tab}`;
}

/**
 * One simulated polling viewer: its own keep-alive connection, a poll every interval counted from the
 * start of the previous one (as the page does), never two at once, and at once again when the server
 * says there is more. The first poll asks for the snapshot; every later one resumes after the last tick.
 */
export class PollingViewer {
  readonly check = new SequenceCheck();
  readonly #tab = newTabId();
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });
  readonly #sockets = new Set<Socket>();
  readonly #base: URL;
  readonly #intervalMs: number;
  readonly #tally: ModeTally;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #stopping = false;

  constructor(baseUrl: URL, intervalMs: number, tally: ModeTally) {
    this.#base = baseUrl;
    this.#intervalMs = intervalMs;
    this.#tally = tally;
  }

  /** The first poll: resolves true once it answered with the snapshot, false if it failed. */
  async connect(): Promise<boolean> {
    const startedAt = performance.now();
    try {
      this.#apply(pollBodies.get(await this.#get(`tab=${this.#tab}`)));
    } catch {
      if (!this.#stopping) this.#tally.failed += 1;
      return false;
    }
    this.#tally.connected += 1;
    this.#tally.track(this.check);
    this.#schedule(this.#intervalMs - (performance.now() - startedAt));
    return true;
  }

  /** Stops polling, lets a poll in flight finish, and closes the connection. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#timer);
    await this.#inFlight;
    this.#agent.destroy();
    for (const socket of this.#sockets) this.#tally.bytesReceived += socket.bytesRead;
  }

  #schedule(delayMs: number): void {
    if (this.#stopping) return;
    this.#timer = setTimeout(
      () => {
        this.#inFlight = this.#poll();
      },
      Math.max(0, delayMs),
    );
  }

  async #poll(): Promise<void> {
    const startedAt = performance.now();
    let more = false;
    try {
      const query = pollQuery(this.check.last, this.check.epoch ?? 0, this.#tab);
      more = this.#apply(pollBodies.get(await this.#get(query)));
    } catch {
      if (!this.#stopping) this.#tally.dropped += 1;
    }
    this.#schedule(more ? 0 : this.#intervalMs - (performance.now() - startedAt));
  }

  /** Checks and times the answer's ticks; returns whether the server holds more to fetch at once. */
  #apply(answer: PollAnswer): boolean {
    if (answer.kind === 'snapshot') {
      this.check.resumeAt(answer.snapshot.epoch, answer.snapshot.seq);
      return false;
    }
    const now = Date.now();
    for (const tick of answer.ticks) {
      if (this.check.observe(tick.epoch, tick.seq)) this.#tally.recordTick(tick.ts, now);
    }
    return answer.more;
  }

  #get(query: string): Promise<string> {
    this.#tally.requests += 1;
    return new Promise((resolve, reject) => {
      const request = get(
        {
          host: this.#base.hostname.replace(/^\[|\]$/g, ''),
          port: this.#base.port || 80,
          path: `${POLL_PATH}?${query}`,
          agent: this.#agent,
          timeout: POLL_TIMEOUT_MS,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (response.statusCode === 200) resolve(text);
            else reject(new Error(`poll answered ${response.statusCode ?? '?'}: ${text}`));
          });
          response.on('error', reject);
        },
      );
      request.on('socket', (socket) => this.#sockets.add(socket));
      request.on('timeout', () => request.destroy(new Error('the poll timed out')));
      request.on('error', reject);
    });
  }
}
