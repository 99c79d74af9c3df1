'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { formatBytes, formatRate } from '@/lib/format/format-bytes';
import type { TrafficReading } from '@/lib/meter/traffic-history';
import { perMode, TRANSPORT_LABELS, type TransportMode } from '@/lib/protocol/transport-mode';
import { PageMeterFeed } from '../../_state/page-meter-feed';
import { tickerControllerFor, type TickerController } from '../../_state/ticker-controller';
import { ComparePanel } from './compare-panel';
import type { Lane } from './lane';
import { LaneChooser } from './lane-chooser';
import { chooseLanes, useLanes } from './lanes-in-url';
import { MinuteSummary } from './minute-summary';
import { TrafficChart } from './traffic-chart';
import { TrafficRecorder } from './traffic-recorder';

/** One meter feed for every lane: see PageMeterFeed. */
const lanesMeterFeed = new PageMeterFeed();

// 100 ms is the classic comparison: a poll per tick, the most that polling can keep up with.
const controllerOf = (mode: TransportMode): TickerController =>
  tickerControllerFor(`compare-${mode}`, { mode, pollIntervalMs: 100 }, lanesMeterFeed);

const bytesPerSecond = (reading: TrafficReading) => reading.bytesPerSecond;
const requestsPerSecond = (reading: TrafficReading) => reading.requestsPerSecond;

/**
 * Two to five transports at once on the same market, each lane a view of its own, metered on its own
 * connections. The lanes are in the address (`?lanes=socketio,sse,polling`), so a class can be sent
 * straight to the comparison it is about.
 */
export function CompareView() {
  // Recorders live as long as the page: leaving it and coming back starts their minute over.
  const [recorders] = useState(() => perMode((mode) => new TrafficRecorder(controllerOf(mode), mode)));
  const modes = useLanes();

  const lanes = useMemo(
    () => (modes ?? []).map((mode): Lane => ({ mode, controller: controllerOf(mode), recorder: recorders[mode] })),
    [modes, recorders],
  );
  const laneRecorders = useMemo(() => lanes.map((lane) => lane.recorder), [lanes]);

  return (
    <div className="page compare">
      <header className="topbar">
        <div className="brand">
          <h1>Side by side</h1>
          <p className="tagline">The same market over each transport you pick, each lane metered on its own connections</p>
        </div>
        <Link href="/" className="nav-link">
          ← Dashboard
        </Link>
      </header>
      {modes && <LaneChooser chosen={modes} onChange={chooseLanes} />}
      {lanes.length > 0 && <MinuteSummary lanes={lanes} />}
      <main className={`compare-grid lanes-${lanes.length}`}>
        {lanes.map(({ mode, controller }) => (
          <ComparePanel key={mode} controller={controller} mode={mode} />
        ))}
      </main>
      {lanes.length > 0 && (
        <section className="card compare-charts" aria-label="Traffic over the last minute">
          <div className="chart-legend" aria-hidden="true">
            {lanes.map(({ mode }) => (
              <span key={mode} className={`mode-${mode}`}>
                <span className="swatch" /> {TRANSPORT_LABELS[mode]}
              </span>
            ))}
          </div>
          <TrafficChart title="Bytes per second, up + down" recorders={laneRecorders} value={bytesPerSecond} formatValue={formatBytes} />
          <TrafficChart title="Requests per second" recorders={laneRecorders} value={requestsPerSecond} formatValue={formatRate} />
        </section>
      )}
    </div>
  );
}
