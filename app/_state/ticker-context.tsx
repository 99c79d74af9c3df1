'use client';

import { createContext, useContext, useDeferredValue, useEffect, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { PriceSeriesSet } from '@/lib/market/price-series';
import type { MeterView } from '@/lib/meter/meter-tracker';
import type { TickerState } from './ticker-store';
import type { TickerController } from './ticker-controller';

const TickerContext = createContext<TickerController | null>(null);

/** Gives the components inside one view of the market, and keeps its connections open while they are mounted. */
export function TickerProvider({ controller, children }: { controller: TickerController; children: ReactNode }) {
  useEffect(() => controller.attach(), [controller]);
  return <TickerContext.Provider value={controller}>{children}</TickerContext.Provider>;
}

export function useTickerController(): TickerController {
  const controller = useContext(TickerContext);
  if (!controller) throw new Error('a ticker component is rendered outside a TickerProvider');
  return controller;
}

/** A slice of the view's state; the component re-renders when that slice changes. */
export function useTicker<T>(selector: (state: TickerState) => T): T {
  return useStore(useTickerController().store.state, selector);
}

export function usePriceSeries(): PriceSeriesSet {
  return useTickerController().store.series;
}

/**
 * The meter as the page shows it. A report redraws the meter table, the byte bars, the tick-age card and
 * the export's figures at once; deferred, React draws them in slices between ticks instead of in one task
 * that holds up the prices. Every reader gets the same report in the same commit.
 */
export function useShownMeter(): MeterView {
  return useDeferredValue(useTicker((s) => s.meter));
}
