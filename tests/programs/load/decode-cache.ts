/**
 * Decodes a text once for every viewer that receives the same one. Every Socket.IO viewer gets the same
 * tick frame and pollers in step get the same poll body, so validating each copy again (JSON.parse and a
 * zod schema) would make the load generator, not the server, the bottleneck of a 2-core machine.
 */
export class DecodeCache<T> {
  readonly #decoded = new Map<string, T>();

  constructor(
    readonly decode: (text: string) => T,
    /** Texts kept; a few ticks' worth is enough, since viewers that keep up all see the newest. */
    readonly capacity = 32,
  ) {}

  get(text: string): T {
    let value = this.#decoded.get(text);
    if (value === undefined) {
      value = this.decode(text);
      if (this.#decoded.size >= this.capacity) this.#decoded.clear();
      this.#decoded.set(text, value);
    }
    return value;
  }
}
