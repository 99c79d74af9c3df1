'use client';

import { useEffect } from 'react';
import { tickerController } from '../_transports/ticker-controller';
import { ConnectionStatusBadge } from './connection-status-badge';
import { MeterPanel } from './meter-panel';
import { PriceChart } from './price-chart';
import { TickerTable } from './ticker-table';
import { TransportControls } from './transport-controls';

export function Dashboard() {
  useEffect(() => tickerController.attach(), []);

  return (
    <div className="page">
      <header className="topbar">
        <div className="brand">
          <h1>Live Ticker</h1>
          <p className="tagline">Simulated market · what polling costs against a WebSocket, measured on the wire</p>
        </div>
        <div className="controls">
          <TransportControls />
          <ConnectionStatusBadge />
        </div>
      </header>
      <main className="layout">
        <TickerTable />
        <div className="side">
          <PriceChart />
          <MeterPanel />
        </div>
      </main>
    </div>
  );
}
