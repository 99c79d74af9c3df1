import type { z } from 'zod';
import { onTestFinished } from 'vitest';

export interface EventStream<T> {
  /** The next event the server sends, validated against the schema. */
  next(): Promise<T>;
  /** Reads events until one satisfies `done`, and returns it. */
  until(done: (event: T) => boolean): Promise<T>;
  close(): void;
}

/**
 * A GET answered with an event stream whose events are each one `data:` line of JSON, read as `schema`
 * says. Closed when the current test finishes.
 */
export async function openEventStream<T>(url: string, schema: z.ZodType<T>): Promise<EventStream<T>> {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal });
  if (response.status !== 200 || !response.body) throw new Error(`${url} answered ${response.status}`);
  if (response.headers.get('content-type') !== 'text/event-stream; charset=utf-8') throw new Error('not an event stream');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const close = () => abort.abort();
  onTestFinished(close);

  let buffered = '';
  const next = async (): Promise<T> => {
    for (;;) {
      const end = buffered.indexOf('\n\n');
      if (end >= 0) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = event
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice('data: '.length))
          .join('\n');
        return schema.parse(JSON.parse(data));
      }
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream from ${url} ended`);
      buffered += value;
    }
  };
  const until = async (done: (event: T) => boolean): Promise<T> => {
    for (;;) {
      const event = await next();
      if (done(event)) return event;
    }
  };
  return { next, until, close };
}
