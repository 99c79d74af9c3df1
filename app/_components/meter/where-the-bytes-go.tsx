'use client';

import { useId } from 'react';
import { formatBytes } from '@/lib/format/format-bytes';
import { formatShare } from '@/lib/format/format-share';
import { summarizeBreakdown, type BreakdownPart, type BreakdownSummary } from '@/lib/meter/byte-breakdown';
import { TRANSPORT_LABELS, TRANSPORT_MODES, type TransportMode } from '@/lib/protocol/transport-mode';
import { useShownMeter } from '../../_state/ticker-context';

interface PartText {
  readonly label: string;
  /** What the part is, in plain words, for the tooltip and the list under the bars. */
  readonly hint: string;
}

const PARTS: Readonly<Record<BreakdownPart, PartText>> = {
  requestHeaders: {
    label: 'Request headers',
    hint: 'What the browser sends to ask for each poll: the request line and headers (user agent, accepted formats, cookies…). Sent again with every poll, even when nothing changed.',
  },
  responseHeaders: {
    label: 'Response headers',
    hint: 'The status line and headers the server puts in front of every poll answer.',
  },
  bodies: {
    label: 'Bodies',
    hint: 'The poll answers themselves: the ticks, in a small JSON wrapper (epoch, sequence number, flags).',
  },
  handshake: {
    label: 'Handshake',
    hint: 'Opening the WebSocket: one HTTP upgrade request and its “101 Switching Protocols” answer, once per connection.',
  },
  frameHeaders: {
    label: 'Frame headers',
    hint: 'The few bytes in front of every WebSocket message: 2 to 10, and 4 more (the mask key) on what the browser sends. Closing frames count here whole.',
  },
  payload: {
    label: 'Payload',
    hint: 'The WebSocket messages themselves: tick events, the catch-up after connecting, and Socket.IO’s connect messages.',
  },
  pings: {
    label: 'Pings & pongs',
    hint: 'The keep-alive: every 25 s the server pings and the browser answers, so a dead connection is noticed.',
  },
  chunkFraming: {
    label: 'Chunk framing',
    hint: 'HTTP/1.1 chunked encoding around each write to the stream: the chunk’s size in hex and two line ends before it, two after.',
  },
  eventFraming: {
    label: 'Event framing',
    hint: 'What turns text into events: the “id: ”, “event: ” and “data: ” field names, their line ends and the blank line that ends each event.',
  },
  data: {
    label: 'Event data',
    hint: 'What the events’ data lines carry: the ticks, the catch-up after connecting, and the heartbeat.',
  },
  tls: {
    label: 'TLS',
    hint: 'Encryption’s share over HTTPS: the handshakes, and a header and tag on every record. Nothing over plain HTTP.',
  },
};

const USEFUL_HINT = 'Tick data — the prices the page is for — as a share of every byte the mode sent and received.';

function ModeBytes({ mode, summary }: { mode: TransportMode; summary: BreakdownSummary }) {
  const { total, ticks, usefulShare, parts } = summary;
  const share = (bytes: number) => (total > 0 ? bytes / total : 0);
  const described = parts.map(({ part, bytes }) => `${PARTS[part].label} ${formatShare(share(bytes))}`).join(', ');
  return (
    <div className="bytes-mode" data-breakdown-mode={mode} data-total={total} data-ticks={ticks} data-useful-share={usefulShare ?? ''}>
      <div className="bytes-head">
        <h4>{TRANSPORT_LABELS[mode]}</h4>
        <p className="useful" title={USEFUL_HINT}>
          <span className="useful-label">useful payload</span>{' '}
          <strong className={usefulShare === null ? 'useful-value none' : 'useful-value'}>
            {usefulShare === null ? '—' : formatShare(usefulShare)}
          </strong>
        </p>
      </div>
      {total === 0 ? (
        <div className="bytes-bar empty">no bytes yet</div>
      ) : (
        <div className="bytes-bar" role="img" aria-label={`${TRANSPORT_LABELS[mode]}: ${described}`}>
          {parts.map(({ part, bytes }) =>
            bytes === 0 ? null : (
              <span
                key={part}
                className={`bytes-segment part-${part}`}
                style={{ width: `${share(bytes) * 100}%` }}
                title={`${PARTS[part].label}: ${formatBytes(bytes)}, ${formatShare(share(bytes))}`}
              >
                <span className="bytes-segment-label">{formatShare(share(bytes))}</span>
              </span>
            ),
          )}
        </div>
      )}
      <ul className="bytes-legend">
        {parts.map(({ part, bytes }) => (
          <li key={part} data-part={part} data-bytes={bytes} title={PARTS[part].hint}>
            <span className={`bytes-swatch part-${part}`} aria-hidden="true" />
            <span className="bytes-part">{PARTS[part].label}</span> <span className="bytes-figure">{formatBytes(bytes)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * "Where the bytes go": each mode's bytes split into the parts the server counted, drawn as one bar per
 * mode, with the share that is tick data in large type. The parts add up to the mode's bytes up and
 * down in the table above, from the same report.
 */
export function WhereTheBytesGo() {
  const { breakdown } = useShownMeter();
  const summaries = summarizeBreakdown(breakdown);
  const titleId = useId();
  return (
    <section className="bytes" aria-labelledby={titleId}>
      <h3 id={titleId}>Where the bytes go</h3>
      {TRANSPORT_MODES.map((mode) => (
        <ModeBytes key={mode} mode={mode} summary={summaries[mode]} />
      ))}
      <details className="bytes-help small">
        <summary>What the parts are</summary>
        <dl>
          <div>
            <dt>Useful payload</dt>
            <dd>{USEFUL_HINT}</dd>
          </div>
          {Object.entries(PARTS).map(([part, { label, hint }]) => (
            <div key={part}>
              <dt>{label}</dt>
              <dd>{hint}</dd>
            </div>
          ))}
        </dl>
      </details>
    </section>
  );
}
