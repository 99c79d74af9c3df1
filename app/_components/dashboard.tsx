'use client';

import Link from 'next/link';
import { tickerControllerFor } from '../_state/ticker-controller';
import { ConnectionStatusBadge } from './controls/connection-status-badge';
import { FreshnessPanel } from './meter/freshness-panel';
import { MeterPanel } from './meter/meter-panel';
import { PriceChart } from './ticker/price-chart';
import { ServerPanel } from './server-panel/server-panel';
import { TickerProvider } from '../_state/ticker-context';
import { TickerTable } from './ticker/ticker-table';
import { TransportControls } from './controls/transport-controls';
import { WireInspector } from './wire-inspector/wire-inspector';

const controller = tickerControllerFor('dashboard', { mode: 'socketio', pollIntervalMs: 1000 });

export function Dashboard() {
  return (
    <TickerProvider controller={controller}>
      <div className="page">
        <header className="topbar">
          <div className="brand">
            <h1>Live Ticker</h1>
            <p className="tagline">
              Simulated market · what polling, long polling, Server-Sent Events and WebSockets cost, measured on the wire
            </p>
          </div>
          <div className="controls">
            <TransportControls />
            <ConnectionStatusBadge />
            <Link href="/compare" className="nav-link">
              Side by side
            </Link>
          </div>
        </header>
        <ServerPanel />
        <main className="layout">
          <TickerTable />
          <div className="side">
            <PriceChart />
            <MeterPanel />
            <FreshnessPanel />
          </div>
        </main>
        <WireInspector />
      </div>
    </TickerProvider>
  );
}
