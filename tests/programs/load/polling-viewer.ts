import { Agent, get } from 'node:http';
import type { Socket } from 'node:net';
import { LONG_POLL_HOLD_MS, LONG_POLL_PATH } from '../../../lib/protocol/long-poll-api';
import { POLL_PATH } from '../../../lib/protocol/poll-api';
import { newTabId } from '../../../lib/protocol/tab-id';
import { httpTarget } from './http-target';
import type { ModeTally } from './mode-tally';
import { SequenceCheck } from './sequence-check';
import { applyAnswer, pollAnswers } from './viewer-feed';

/** Longest a poll may take beyond what the server may hold it for; a server that slow is failing its pollers. */
const POLL_TIMEOUT_MS = 10_000;
/** The pause after a poll failed, so that a server that is down is not asked in a tight loop. */
const FAILED_POLL_PAUSE_MS = 1_000;

/** How a polling viewer asks: at which path, how often, and how long an answer may take. */
export interface PollSchedule {
  readonly path: string;
  /** From the start of one poll to the start of the next, as the page counts it; 0 asks again as soon as answered. */
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

/** Polling every `intervalMs`. */
export function pollEvery(intervalMs: number): PollSchedule {
  return { path: POLL_PATH, intervalMs, timeoutMs: POLL_TIMEOUT_MS };
}

/** Long polling: the server holds each poll until there is a tick to answer with, and the viewer asks again at once. */
export const LONG_POLLING: PollSchedule = { path: LONG_POLL_PATH, intervalMs: 0, timeoutMs: LONG_POLL_HOLD_MS + POLL_TIMEOUT_MS };

/** A keeping-up poll's query, in the order the page writes it, so the server takes its fast path. */
export function pollQuery(since: number, epoch: number, tab: string): string {
  return `since=${since}&epoch=${epoch}&tab=${tab}`;
}

/**
 * One simulated polling or long-polling viewer: its own keep-alive connection, never two polls at once, the
 * next one an interval after the start of the previous one (at once for long polling), and at once again
 * when the server says there is more. The first poll asks for the snapshot; every later one resumes after
 * the last tick.
 */
export class PollingViewer {
  readonly check = new SequenceCheck();
  readonly #tab = newTabId();
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });
  readonly #sockets = new Set<Socket>();
  readonly #base: URL;
  readonly #schedule: PollSchedule;
  readonly #tally: ModeTally;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #stopping = false;

  constructor(baseUrl: URL, tally: ModeTally, schedule: PollSchedule) {
    this.#base = baseUrl;
    this.#schedule = schedule;
    this.#tally = tally;
  }

  /** The first poll: resolves true once it answered with the snapshot, false if it failed. */
  async connect(): Promise<boolean> {
    const startedAt = performance.now();
    try {
      applyAnswer(pollAnswers.get(await this.#get(`tab=${this.#tab}`)), this.check, this.#tally);
    } catch {
      if (!this.#stopping) this.#tally.failed += 1;
      return false;
    }
    this.#tally.connected += 1;
    this.#tally.track(this.check);
    this.#next(this.#schedule.intervalMs - (performance.now() - startedAt));
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

  #next(delayMs: number): void {
    if (this.#stopping) return;
    if (delayMs <= 0) {
      this.#inFlight = this.#poll();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#inFlight = this.#poll();
    }, delayMs);
  }

  async #poll(): Promise<void> {
    const startedAt = performance.now();
    let delayMs: number;
    try {
      const query = pollQuery(this.check.last, this.check.epoch ?? 0, this.#tab);
      const more = applyAnswer(pollAnswers.get(await this.#get(query)), this.check, this.#tally);
      delayMs = more ? 0 : this.#schedule.intervalMs - (performance.now() - startedAt);
    } catch {
      if (!this.#stopping) this.#tally.dropped += 1;
      delayMs = Math.max(FAILED_POLL_PAUSE_MS, this.#schedule.intervalMs - (performance.now() - startedAt));
    }
    this.#next(delayMs);
  }

  #get(query: string): Promise<string> {
    this.#tally.requests += 1;
    return new Promise((resolve, reject) => {
      const request = get(
        { ...httpTarget(this.#base), path: `${this.#schedule.path}?${query}`, agent: this.#agent, timeout: this.#schedule.timeoutMs },
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
