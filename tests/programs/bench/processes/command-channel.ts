// Both ends of the line protocol between a benchmark and its long-lived children (servers under test,
// load workers): the parent writes a command name and a newline to the child's stdin, the child answers
// each command, in order, with one `REPLY <json>` line on stdout. Replies come in the order the commands
// went out, so the parent matches them up by order alone.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

const REPLY = 'REPLY ';

/**
 * The child's side: answers each command line with its handler's value; an unknown command is a bug.
 * `parentGone` runs when stdin closes, which is how a child learns that its parent died without stopping
 * it (killed, say): it must stop by itself rather than run on as an orphan.
 */
export function serveCommands(handlers: Readonly<Record<string, () => unknown>>, parentGone: () => void): void {
  const lines = createInterface({ input: process.stdin });
  lines.once('close', parentGone);
  // One at a time, so that replies leave in the order their commands arrived even when a handler is async.
  let queue = Promise.resolve();
  lines.on('line', (line) => {
    const command = line.trim();
    if (command === '') return;
    queue = queue.then(async () => {
      const handler = handlers[command];
      if (!handler) throw new Error(`unknown command: ${command}`);
      process.stdout.write(`${REPLY}${JSON.stringify(await handler())}\n`);
    });
  });
}

/** The parent's side, over a child started with `keepStdinOpen`. */
export class CommandChannel {
  readonly #stdin: Writable;
  readonly #waiting: { resolve: (json: string) => void; reject: (error: Error) => void }[] = [];

  constructor(stdin: Writable, stdout: Readable, name: string) {
    this.#stdin = stdin;
    createInterface({ input: stdout }).on('line', (line) => {
      if (line.startsWith(REPLY)) this.#waiting.shift()?.resolve(line.slice(REPLY.length));
    });
    const gone = () => {
      for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error(`${name} exited before it answered`));
    };
    stdout.once('close', gone);
    // Writing to a child that has exited fails with EPIPE; its waiters hear about it as above.
    stdin.on('error', gone);
  }

  /** Sends a command and resolves with the child's reply, parsed; the caller knows its shape. */
  request<T>(command: string): Promise<T> {
    return new Promise<string>((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#stdin.write(`${command}\n`);
    }).then((json) => JSON.parse(json) as T);
  }
}
