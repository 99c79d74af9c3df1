import type { ServerProcess, ServerSample, ServerStatsMessage } from '../protocol/server-stats';

/** The server panel's charts show this much time, ending at the newest sample. */
export const SERVER_HISTORY_MS = 60_000;

/** What the server panel shows: the process, and its samples of the last minute. */
export interface ServerView {
  readonly process: ServerProcess | null;
  /** Oldest first, none older than a minute before the newest. */
  readonly samples: readonly ServerSample[];
  readonly latest: ServerSample | null;
}

export const EMPTY_SERVER_VIEW: ServerView = Object.freeze({ process: null, samples: [], latest: null });

/**
 * The last minute of one server process, from the messages of its stats feed. A feed that reconnects
 * sends the last minute again: samples the history already has are skipped. A message from another
 * process (the server restarted, or another one answered) starts over: two processes' figures on one
 * chart would read as one process's jump.
 */
export class ServerHistory {
  #view: ServerView = EMPTY_SERVER_VIEW;

  get view(): ServerView {
    return this.#view;
  }

  /** Takes a message, and returns the view after it. */
  take(message: ServerStatsMessage): ServerView {
    const previous = this.#view.process;
    const sameProcess = previous?.pid === message.process.pid && previous.startedAt === message.process.startedAt;
    const samples = sameProcess ? [...this.#view.samples] : [];
    for (const sample of message.samples) {
      const newest = samples.at(-1);
      if (!newest || sample.at > newest.at) samples.push(sample);
    }
    const latest = samples.at(-1) ?? null;
    const from = latest ? latest.at - SERVER_HISTORY_MS : -Infinity;
    this.#view = { process: message.process, samples: samples.filter((sample) => sample.at >= from), latest };
    return this.#view;
  }
}
