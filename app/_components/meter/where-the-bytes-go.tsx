'use client';

import { useId } from 'react';
import { formatShare } from '@/lib/format/format-share';
import { BREAKDOWN_PARTS, summarizeBreakdown, type BreakdownPart, type BreakdownSummary } from '@/lib/meter/byte-breakdown';
import type { LongPollingBreakdown } from '@/lib/protocol/meter-report';
import { formatDuration } from '@/lib/format/format-duration';
import { formatBytes, formatCount } from '@/lib/format/format-bytes';
import { modesInUse } from '@/lib/meter/modes-in-use';
import { TRANSPORT_LABELS, type TransportMode } from '@/lib/protocol/transport-mode';
import { useShownMeter, useTicker } from '../../_state/ticker-context';

interface PartText {
  readonly label: string;
  /** What the part is, in plain words, for the tooltip and the list under the bars. */
  readonly hint: string;
}

const PARTS: Readonly<Record<BreakdownPart, PartText>> = {
  requestHeaders: {
    label: 'Request headers',
    hint: 'What the browser sends to ask: the request line and headers (user agent, accepted formats, cookies…). Sent again with every poll and long poll, even when nothing changed; once per stream for Server-Sent Events.',
  },
  responseHeaders: {
    label: 'Response headers',
    hint: 'The status line and headers the server puts in front of every answer: each poll’s, or the stream’s once.',
  },
  bodies: {
    label: 'Bodies',
    hint: 'The poll and long-poll answers themselves: the ticks, in a small JSON wrapper (epoch, sequence number, flags).',
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
    hint: 'The WebSocket messages themselves: the ticks and the catch-up after connecting; over Socket.IO each in its event envelope, with its connect messages besides.',
  },
  pings: {
    label: 'Pings & pongs',
    hint: 'The keep-alive: the server pings now and then (Socket.IO every 25 s) and the browser answers, so a dead connection is noticed.',
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

/** How long the server held long polls before it had a tick to answer with: what a long poll is for. */
function HeldPolls({ held }: { held: LongPollingBreakdown }) {
  const { heldPolls, heldMs } = held;
  return (
    <p className="held-polls small" data-held-polls={heldPolls} data-held-ms={heldMs}>
      {heldPolls === 0
        ? 'No poll held yet: each found a tick waiting and was answered at once.'
        : `${formatCount(heldPolls)} ${heldPolls === 1 ? 'poll' : 'polls'} held by the server until a tick came, ${formatDuration(heldMs / heldPolls)} on average.`}
    </p>
  );
}

function ModeBytes({ mode, summary, held }: { mode: TransportMode; summary: BreakdownSummary; held?: LongPollingBreakdown | undefined }) {
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
      {held && <HeldPolls held={held} />}
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
  const meter = useShownMeter();
  const active = useTicker((s) => s.mode);
  const summaries = summarizeBreakdown(meter.breakdown);
  const titleId = useId();
  const shown = modesInUse(meter, active);
  const shownParts = new Set<BreakdownPart>(shown.flatMap((mode) => BREAKDOWN_PARTS[mode]));
  return (
    <section className="bytes" aria-labelledby={titleId}>
      <h3 id={titleId}>Where the bytes go</h3>
      {shown.map((mode) => (
        <ModeBytes key={mode} mode={mode} summary={summaries[mode]} held={mode === 'longpolling' ? meter.breakdown.longpolling : undefined} />
      ))}
      <details className="bytes-help small">
        <summary>What the parts are</summary>
        <dl>
          <div>
            <dt>Useful payload</dt>
            <dd>{USEFUL_HINT}</dd>
          </div>
          {[...shownParts].map((part) => (
            <div key={part}>
              <dt>{PARTS[part].label}</dt>
              <dd>{PARTS[part].hint}</dd>
            </div>
          ))}
        </dl>
      </details>
    </section>
  );
}
