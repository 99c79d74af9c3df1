/** A price change: the symbol's index in the market's symbol list and its new price in integer cents. */
export type PriceUpdate = readonly [symbolIndex: number, priceCents: number];

/**
 * One market tick. `seq` increases by exactly one per tick within an epoch; a new `epoch` means the
 * market restarted, so sequence numbers from different epochs must never be compared.
 */
export interface Tick {
  readonly epoch: number;
  readonly seq: number;
  /** Server time when the tick was made, ms since the Unix epoch. */
  readonly ts: number;
  /** Only the symbols whose price in cents changed, in symbol order. */
  readonly updates: readonly PriceUpdate[];
}

/** Every symbol's current price, for a client that has nothing yet or must start over. */
export interface MarketSnapshot {
  readonly epoch: number;
  readonly seq: number;
  readonly ts: number;
  readonly prices: readonly number[];
}
