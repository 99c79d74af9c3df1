import { createServer, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventStreams, MAX_UNREAD_STREAM_BYTES } from '../../../server/http/event-streams';

/** An event far larger and far more often than the feeds' (about 1 KB a second), to fill the kernel's buffers in a second. */
const EVENT = `data: ${'x'.repeat(64 * 1024)}\n\n`;
const SEND_EVERY_MS = 5;

interface Fed {
  /** The stream's response once its request has arrived. */
  response(): ServerResponse | undefined;
  /** The most the response held unsent just before an event was written. */
  mostUnread(): number;
}

/** A server whose one route is an event stream of EVENTs, opened through `streams`. */
async function feedServer(streams: EventStreams): Promise<{ port: number; fed: Fed }> {
  let response: ServerResponse | undefined;
  let mostUnread = 0;
  const server = createServer((_req, res) => {
    response = res;
    const send = streams.open(res);
    const timer = setInterval(() => {
      mostUnread = Math.max(mostUnread, res.writableLength);
      send(EVENT);
    }, SEND_EVERY_MS);
    res.once('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { port: (server.address() as AddressInfo).port, fed: { response: () => response, mostUnread: () => mostUnread } };
}

describe('event streams', () => {
  it('should end a stream whose reader stopped reading once this process holds more than the limit for it', async () => {
    let cut = 0;
    const streams = new EventStreams(() => (cut += 1));
    const { port, fed } = await feedServer(streams);
    // A reader that asks and then never reads: Node takes one buffer's worth off the socket and stops.
    const reader = connect(port, '127.0.0.1');
    onTestFinished(() => void reader.destroy());
    reader.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');

    for (let waited = 0; !fed.response()?.destroyed && waited < 10_000; waited += 100) await sleep(100);
    expect(fed.response()?.destroyed).toBe(true);
    expect(cut).toBe(1);
    expect(fed.mostUnread()).toBeLessThanOrEqual(MAX_UNREAD_STREAM_BYTES + EVENT.length);
    expect(streams.endAll()).toBe(0);
  });

  it('should end every open stream at once, and send nothing after', async () => {
    const streams = new EventStreams(() => {});
    const { port, fed } = await feedServer(streams);
    const reader = connect(port, '127.0.0.1');
    onTestFinished(() => void reader.destroy());
    const ended = new Promise<string>((resolve) => {
      let text = '';
      reader.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
      reader.once('end', () => resolve(text));
    });
    reader.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    while (!fed.response()) await sleep(10);

    expect(streams.endAll()).toBe(1);
    const text = await ended;
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text).toMatch(/\r\nconnection: close\r\n/i);
    expect(text).toMatch(/\r\ncontent-type: text\/event-stream; charset=utf-8\r\n/i);
    // Whole events only: the end came between two of them.
    expect(text.slice(text.indexOf('\r\n\r\n') + 4).length % EVENT.length).toBe(0);
  });
});
