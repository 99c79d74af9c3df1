'use client';

import Link from 'next/link';
import { useState } from 'react';
import { formatBytes, formatRate } from '@/lib/format/format-bytes';
import type { TrafficReading } from '@/lib/meter/traffic-history';
import { tickerControllerFor } from '../../_state/ticker-controller';
import { ComparePanel } from './compare-panel';
import { MinuteSummary } from './minute-summary';
import { TrafficChart } from './traffic-chart';
import { TrafficRecorder } from './traffic-recorder';

// 100 ms is the classic comparison: a poll per tick, the most that polling can keep up with.
const socketio = tickerControllerFor('compare-socketio', { mode: 'socketio', pollIntervalMs: 100 });
const polling = tickerControllerFor('compare-polling', { mode: 'polling', pollIntervalMs: 100 });

const bytesPerSecond = (reading: TrafficReading) => reading.bytesPerSecond;
const requestsPerSecond = (reading: TrafficReading) => reading.requestsPerSecond;

/** Both transports at once on the same market, each view metered on its own connections. */
export function CompareView() {
  // Recorders live as long as the page: leaving it and coming back starts their minute over.
  const [recorders] = useState(() => ({
    socketio: new TrafficRecorder(socketio, 'socketio'),
    polling: new TrafficRecorder(polling, 'polling'),
  }));

  return (
    <div className="page compare">
      <header className="topbar">
        <div className="brand">
          <h1>Side by side</h1>
          <p className="tagline">The same market over Socket.IO and over polling, each metered on its own connections</p>
        </div>
        <Link href="/" className="nav-link">
          ← Dashboard
        </Link>
      </header>
      <MinuteSummary recorders={recorders} polling={polling} />
      <main className="compare-grid">
        <ComparePanel controller={socketio} mode="socketio" />
        <section className="card compare-charts" aria-label="Traffic over the last minute">
          <div className="chart-legend" aria-hidden="true">
            <span className="mode-socketio">
              <span className="swatch" /> Socket.IO
            </span>
            <span className="mode-polling">
              <span className="swatch" /> Polling
            </span>
          </div>
          <TrafficChart title="Bytes per second, up + down" recorders={recorders} value={bytesPerSecond} formatValue={formatBytes} />
          <TrafficChart title="Requests per second" recorders={recorders} value={requestsPerSecond} formatValue={formatRate} />
        </section>
        <ComparePanel controller={polling} mode="polling" />
      </main>
    </div>
  );
}
