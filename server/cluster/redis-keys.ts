/** The keys one market's processes share on Redis. Another market needs another Redis database. */
export const REDIS_KEYS = {
  /** Who makes the ticks: the holder's id, with an expiry the holder keeps pushing back. */
  leader: 'ticker:leader',
  /** The market's state after its latest tick (see MarketState), for whoever leads next. */
  market: 'ticker:market',
  /** The Socket.IO adapter's stream, through which every process's subscribers get their ticks. */
  adapterStream: 'ticker:socket.io',
} as const;
