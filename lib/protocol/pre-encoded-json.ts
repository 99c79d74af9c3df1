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
}
