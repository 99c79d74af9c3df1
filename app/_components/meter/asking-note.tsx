'use client';

import { formatRate } from '@/lib/format/format-bytes';
import { formatInterval } from '@/lib/format/format-interval';
import { formatRatio } from '@/lib/format/format-ratio';
import { askingRates, MIN_ASKING_MS } from '@/lib/meter/asking-rates';
import { useShownMeter, useTicker } from '../../_state/ticker-context';

/**
 * Where long polling wins, from this tab's own figures: it asks once a tick whatever the market's pace,
 * so against polling it saves requests only where ticks are rarer than polls. Shown once long polling has
 * been used.
 */
export function AskingNote() {
  const { modes } = useShownMeter();
  const tickIntervalMs = useTicker((s) => s.tickIntervalMs);
  const pollIntervalMs = useTicker((s) => s.pollIntervalMs);
  if (modes.longpolling.activeMs === 0) return null;
  const rates = askingRates(modes.longpolling, modes.polling, tickIntervalMs);
  const tick = `a tick every ${formatInterval(tickIntervalMs)}`;
  const slowMarketHint = (
    <>
      {' '}
      Long polling wins where ticks are rarer than polls: start the server with <code>npm start -- --tick-ms 2000</code> to see it.
    </>
  );

  let text;
  if (rates.longPolling === null) {
    text = `Long polling against polling: run long polling for ${MIN_ASKING_MS / 1000} s to see how often it asks.`;
  } else {
    const perTick = rates.longPollingOncePerTick ? 'once a tick' : `${formatRate(rates.longPolling / rates.ticksPerSecond)} requests a tick`;
    const long = `Long polling asked ${formatRate(rates.longPolling)}/s, ${perTick} (${tick}).`;
    if (rates.polling === null || rates.pollingOverLongPolling === null) {
      text = (
        <>
          {long} Run Polling for {MIN_ASKING_MS / 1000} s to compare.
        </>
      );
    } else {
      const ratio = rates.pollingOverLongPolling;
      const verdict =
        ratio >= 1.3
          ? `: ${formatRatio(ratio)} as many requests for the same ticks.`
          : ratio <= 1 / 1.3
            ? `: fewer than long polling, at the price of older ticks.`
            : ': about as often. A tick is nearly always waiting, so holding the request saves little here.';
      text = (
        <>
          {long} Polling (every {formatInterval(pollIntervalMs)} now) asked {formatRate(rates.polling)}/s{verdict}
          {ratio < 1.3 && slowMarketHint}
        </>
      );
    }
  }
  return (
    <p
      className="asking-note small"
      data-long-polling-rate={rates.longPolling ?? ''}
      data-polling-rate={rates.polling ?? ''}
      data-ticks-per-second={rates.ticksPerSecond}
      data-once-per-tick={rates.longPollingOncePerTick ?? ''}
    >
      {text}
    </p>
  );
}
