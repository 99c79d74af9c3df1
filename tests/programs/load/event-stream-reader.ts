/** One event of a text/event-stream, as a browser's EventSource dispatches it. */
export interface StreamEvent {
  /** The `event:` field; 'message' when there is none. */
  readonly type: string;
  /** The `data:` lines' values, joined by line feeds. */
  readonly data: string;
}

/**
 * Reads a text/event-stream (the WHATWG HTML "server-sent events" format) from text as it arrives, in
 * pieces cut anywhere: lines end at CR LF, LF or CR; a blank line dispatches the event; `id:` sets the
 * last event id once its event is complete, and it outlives the event as the reconnection's Last-Event-ID;
 * comments and `retry:` are read past. An event with no `data:` line is not dispatched, as in a browser.
 */
export class EventStreamReader {
  /** The last event id the stream set, as of its last complete event: what a reconnect sends as Last-Event-ID. */
  lastEventId = '';
  /** The id the event being read will leave, once its blank line comes. */
  #idBuffer = '';
  #pending = '';
  #type = '';
  #data: string[] = [];
  /** The text ended in a CR: a LF right after it belongs to the same line end. */
  #afterCr = false;

  /** A new stream: what the last one left unfinished is dropped, as a browser does; the last event id is kept. */
  restart(): void {
    this.#pending = '';
    this.#idBuffer = this.lastEventId;
    this.#type = '';
    this.#data = [];
    this.#afterCr = false;
  }

  /** The events `text` completes, in order. */
  push(text: string): StreamEvent[] {
    let chunk = text;
    if (this.#afterCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.#afterCr = chunk.endsWith('\r');
    const lines = (this.#pending + chunk).split(/\r\n|\r|\n/);
    // The last piece has no line end yet (or is empty after a final one).
    this.#pending = lines.pop() ?? '';
    const events: StreamEvent[] = [];
    for (const line of lines) {
      if (line === '') {
        this.lastEventId = this.#idBuffer;
        if (this.#data.length > 0) events.push({ type: this.#type || 'message', data: this.#data.join('\n') });
        this.#type = '';
        this.#data = [];
        continue;
      }
      const colon = line.indexOf(':');
      if (colon === 0) continue;
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') this.#data.push(value);
      else if (field === 'event') this.#type = value;
      else if (field === 'id' && !value.includes('\0')) this.#idBuffer = value;
    }
    return events;
  }
}
