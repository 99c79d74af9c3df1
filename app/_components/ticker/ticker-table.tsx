'use client';

import { TickerRow } from './ticker-row';
import { useTicker } from '../../_state/ticker-context';

/** The market's symbols, or its first `limit` of them. */
export function TickerTable({ limit = Infinity }: { limit?: number }) {
  // Only the count: rows subscribe to their own symbol, so a tick re-renders just the rows that moved.
  const count = useTicker((s) => Math.min(s.rows.length, limit));

  return (
    <section className="card ticker" aria-label="Prices">
      <table>
        <colgroup>
          <col className="col-symbol" />
          <col className="col-price" />
          <col className="col-change" />
          <col className="col-change" />
          <col className="col-spark" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col" className="num">
              Price
            </th>
            <th scope="col" className="num">
              Change
            </th>
            <th scope="col" className="num">
              % Change
            </th>
            <th scope="col" className="spark-col">
              Trend
            </th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: count }, (_, index) => (
            <TickerRow key={index} index={index} />
          ))}
        </tbody>
      </table>
      {count === 0 && <p className="empty">Loading the market…</p>}
    </section>
  );
}
