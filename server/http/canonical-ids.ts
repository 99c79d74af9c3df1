/**
 * One string object for each distinct id (a tab id, say), so that the maps keyed by it (the rate limiter's,
 * the wire ledger's, the server panel's) find their entries by identity. An id cut from a request's URL is
 * a new string each time: every map it is looked up in compares it character by character with the key it
 * keeps, itself a slice of some earlier request's URL, which it also keeps alive. On the polling hot path,
 * with thousands of tabs, those comparisons are a measurable share of a poll's cost.
 *
 * Purely a cache: an id not handed out before gets a fresh copy, and the table is emptied when it reaches
 * its limit, after which the maps simply compare characters again for the ids they already hold.
 */
export class CanonicalIds {
  readonly #copies = new Map<string, string>();
  readonly #limit: number;

  /** `limit`: ids kept at most before the table starts over. */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The canonical copy of an id of ASCII characters (what the id patterns allow). */
  of(id: string): string {
    const known = this.#copies.get(id);
    if (known !== undefined) return known;
    if (this.#copies.size >= this.#limit) this.#copies.clear();
    // A copy of its own: not a slice that keeps the request's whole URL alive.
    const copy = Buffer.from(id, 'latin1').toString('latin1');
    this.#copies.set(copy, copy);
    return copy;
  }
}
