/**
 * JSON that has already been serialized, tagged with the type it decodes to. The server serializes each
 * tick once and hands this to Socket.IO, whose encoder splices the text in instead of stringifying again.
 */
export class PreEncodedJson<T> {
  declare readonly decodesTo?: T;

  constructor(readonly json: string) {}

  static of<T>(value: T): PreEncodedJson<T> {
    return new PreEncodedJson<T>(JSON.stringify(value));
  }

  /**
   * What anything that serializes it generically sees: the value it stands for, not a wrapper. A Socket.IO
   * adapter relaying a broadcast to other processes stringifies the packet, and their clients must get
   * the tick itself.
   */
  toJSON(): T {
    return JSON.parse(this.json) as T;
  }
}
