'use client';

import { useDeferredValue, useSyncExternalStore, type ReactNode } from 'react';
import { formatBytes, formatCount } from '@/lib/format/format-bytes';
import { formatDuration } from '@/lib/format/format-duration';
import { formatMilliseconds } from '@/lib/format/format-milliseconds';
import { formatShare } from '@/lib/format/format-share';
import type { ServerView } from '@/lib/meter/server-history';
import type { ServerCounters, ServerProcess, ServerSample } from '@/lib/protocol/server-stats';
import { TRANSPORT_LABELS, TRANSPORT_MODES, type TransportMode } from '@/lib/protocol/transport-mode';
import { NO_SERVER_STATS, serverStatsFeed } from './server-stats-feed';
import { ServerMinuteChart } from './server-minute-chart';

// Chart values and floors, defined once so the charts are not redrawn for a new function.
const requestsPerSecond = (sample: ServerSample) => sample.perSecond.requests;
const cpuPercent = (sample: ServerSample) => sample.cpuPercent;
/** A minute without requests is a flat line, not one stretched to fill the box. */
const REQUESTS_FLOOR = 10;
/** One core: a busier process goes off the top only past it, where the scale grows. */
const CPU_FLOOR = 100;

const NONE = '—';

/** What the wire ledger booked to a mode, both ways, per second. */
const modeBytes = (rate: ServerCounters, mode: TransportMode) => rate[`${mode}BytesIn`] + rate[`${mode}BytesOut`];

const sumOf = (numbers: readonly number[]) => numbers.reduce((sum, n) => sum + n, 0);

function Figure({ name, label, value, children }: { name: string; label: string; value: number | null; children: ReactNode }) {
  return (
    <div className="server-figure" data-figure={name} data-value={value ?? ''}>
      <h3>{label}</h3>
      {children}
    </div>
  );
}

/** A big number with its unit after it, smaller. */
function Big({ text, unit }: { text: string; unit: string }) {
  return (
    <p className="server-big">
      {text}
      <span className="server-unit">{unit}</span>
    </p>
  );
}

/**
 * The last minute of a figure, with its highest point in words (the chart has no axis to read) above it:
 * the charts end at their tiles' feet, level with each other however the words wrap.
 */
function MinuteOf({
  samples,
  value,
  floor,
  label,
  format,
}: {
  samples: readonly ServerSample[];
  value: (sample: ServerSample) => number;
  floor: number;
  label: string;
  format: (n: number) => string;
}) {
  return (
    <div className="server-minute">
      <p className="server-hint">last minute{samples.length > 0 && <>, peak {format(Math.max(...samples.map(value)))}</>}</p>
      <ServerMinuteChart samples={samples} value={value} floor={floor} label={`${label} over the last minute`} />
    </div>
  );
}

function Heading({ process, latest, live }: { process: ServerProcess | null; latest: ServerSample | null; live: boolean }) {
  return (
    <div className="card-head">
      <h2>Server</h2>
      <span className="muted small">
        this server process
        {latest && latest.role !== 'alone' && (
          <>
            {' '}
            · <strong data-role={latest.role}>{ROLE_TEXT[latest.role]}</strong>
          </>
        )}
        {process && (
          <>
            {' '}
            · pid <span data-pid={process.pid}>{process.pid}</span>
            {latest && <> · up {formatDuration(latest.at - process.startedAt)}</>} · Node {process.nodeVersion} · {process.cores}{' '}
            {process.cores === 1 ? 'core' : 'cores'}
          </>
        )}
      </span>
      <span className={live ? 'server-live' : 'server-live off'}>{live ? 'live' : process ? 'reconnecting…' : 'connecting…'}</span>
    </div>
  );
}

/** A process sharing the market through Redis either makes the ticks or replays them. */
const ROLE_TEXT = { leader: 'leads the market', follower: "replays the leader's ticks" } as const;

const perSecondText = (n: number | undefined) => (n === undefined ? NONE : formatCount(n));
const bytesText = (n: number | undefined) => (n === undefined ? NONE : formatBytes(n));
const requestsText = (n: number) => `${formatCount(n)}/s`;
const cpuText = (percent: number) => formatShare(percent / 100);

function Figures({ view }: { view: ServerView }) {
  const { process, samples, latest } = view;
  const rate = latest?.perSecond;
  const loopP99 = latest?.eventLoopDelay.p99Ms ?? null;
  const loopMax = latest?.eventLoopDelay.maxMs ?? null;
  const otherBytes = rate ? Math.max(0, rate.bytesIn + rate.bytesOut - sumOf(TRANSPORT_MODES.map((mode) => modeBytes(rate, mode)))) : undefined;
  const viewers = latest?.viewers;
  // The modes with traffic this second, so the line names what is running rather than five zeros.
  const busyModes = rate ? TRANSPORT_MODES.filter((mode) => modeBytes(rate, mode) > 0) : [];

  return (
    <div className="server-figures">
      <Figure name="viewers" label="Viewers" value={viewers ? sumOf(TRANSPORT_MODES.map((mode) => viewers[mode])) : null}>
        <Big text={viewers ? formatCount(sumOf(TRANSPORT_MODES.map((mode) => viewers[mode]))) : NONE} unit=" in all" />
        <ul className="server-viewers">
          {TRANSPORT_MODES.map((mode) => (
            <li key={mode} className={`server-pair mode-${mode}`} data-mode={mode} data-value={viewers?.[mode] ?? ''}>
              <span className="server-viewer-count">{viewers ? formatCount(viewers[mode]) : NONE}</span>{' '}
              <span className="server-unit">{TRANSPORT_LABELS[mode]}</span>
            </li>
          ))}
        </ul>
        <p className="server-hint">
          connected now; pollers that asked in the last {process ? process.pollerWindowMs / 1000 : NONE} s
          {latest && <> · {formatCount(latest.connections)} TCP connections</>}
          {latest && latest.totals.slowReadersCut > 0 && (
            <span data-figure="slow-readers-cut" data-value={latest.totals.slowReadersCut}>
              {' '}
              · {formatCount(latest.totals.slowReadersCut)} cut for not reading
            </span>
          )}
        </p>
      </Figure>

      <Figure name="requests" label="HTTP requests" value={rate?.requests ?? null}>
        <Big text={perSecondText(rate?.requests)} unit="/s" />
        <p className="server-sub" data-value={rate?.polls ?? ''}>
          {perSecondText(rate?.polls)}/s polls
        </p>
        <p className="server-sub" data-value={rate?.longPolls ?? ''}>
          {perSecondText(rate?.longPolls)}/s long polls
        </p>
        <p className="server-hint">all requests, WebSocket upgrades too</p>
        <MinuteOf samples={samples} value={requestsPerSecond} floor={REQUESTS_FLOOR} label="Requests per second" format={requestsText} />
      </Figure>

      <Figure name="frames" label="WebSocket frames" value={rate?.framesOut ?? null}>
        <Big text={perSecondText(rate?.framesOut)} unit="/s out" />
        <p className="server-sub" data-value={rate?.framesIn ?? ''}>
          {perSecondText(rate?.framesIn)}/s in
        </p>
        <p className="server-hint">
          a frame a tick to each Socket.IO or WebSocket viewer
          {viewers && process && (
            <>
              : ≈ {formatCount(viewers.socketio + viewers.websocket)} × {formatCount(1000 / process.tickIntervalMs)}/s
            </>
          )}
        </p>
      </Figure>

      <Figure name="bytes" label="Bytes" value={rate?.bytesOut ?? null}>
        <Big text={bytesText(rate?.bytesOut)} unit="/s out" />
        <p className="server-sub" data-value={rate?.bytesIn ?? ''}>
          {bytesText(rate?.bytesIn)}/s in
        </p>
        <p className="server-hint">
          TCP payload, whole port
          {rate && (
            <>
              ; in + out:{' '}
              {busyModes.map((mode) => (
                <span key={mode}>
                  <span className={`mode-${mode} server-mode`} data-mode={mode}>
                    {TRANSPORT_LABELS[mode]} {bytesText(modeBytes(rate, mode))}/s
                  </span>
                  ,{' '}
                </span>
              ))}
              rest {bytesText(otherBytes)}/s
            </>
          )}
        </p>
      </Figure>

      <Figure name="cpu" label="CPU" value={latest?.cpuPercent ?? null}>
        <Big text={latest ? cpuText(latest.cpuPercent) : NONE} unit="" />
        <p className="server-hint">100 % = one core{process && <> (of {process.cores})</>}</p>
        <MinuteOf samples={samples} value={cpuPercent} floor={CPU_FLOOR} label="CPU" format={cpuText} />
      </Figure>

      <Figure name="event-loop" label="Event-loop delay" value={loopP99}>
        <Big text={loopP99 === null ? NONE : formatMilliseconds(loopP99)} unit=" p99" />
        <p className="server-sub">{loopMax === null ? NONE : formatMilliseconds(loopMax)} max</p>
        <p className="server-hint">how late a timer ran, last second</p>
      </Figure>

      <Figure name="memory" label="Memory" value={latest?.memory.rss ?? null}>
        <Big text={latest ? formatBytes(latest.memory.rss) : NONE} unit=" RSS" />
        <p className="server-sub">{latest ? `${formatBytes(latest.memory.heapUsed)} heap` : NONE}</p>
        <p className="server-hint">all the process holds; JS objects{latest && <> in a heap of {formatBytes(latest.memory.heapTotal)}</>}</p>
      </Figure>
    </div>
  );
}

/**
 * What this server process is doing, live: viewers by mode, requests, frames and bytes per second, CPU,
 * event-loop delay and memory, a sample a second (GET /api/server). Drawn deferred, like the meter, so
 * a sample's redraw never holds up the prices.
 */
export function ServerPanel() {
  const { view, live } = useDeferredValue(useSyncExternalStore(serverStatsFeed.subscribe, serverStatsFeed.getSnapshot, () => NO_SERVER_STATS));
  return (
    <section className="card server-panel" aria-label="Server" data-at={view.latest?.at ?? ''} data-live={live}>
      <Heading process={view.process} latest={view.latest} live={live} />
      <Figures view={view} />
    </section>
  );
}
