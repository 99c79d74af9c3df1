import { formatDuration } from '@/lib/format/format-duration';
import type { PollExchange } from '@/lib/protocol/wire-inspection';
import { ByteSize } from './byte-size';
import { CountedCheck } from './counted-check';
import { WireText } from './wire-text';

/**
 * One poll as the server saw it: what it costs in header lines against the body it was for. A long poll
 * also says how long the server held it before it had a tick to answer with.
 */
export function PollExhibit({ poll, serverTs, heldMs }: { poll: PollExchange; serverTs: number; heldMs?: number | undefined }) {
  const { request, response, counted } = poll;
  const up = request.head.bytes;
  const down = response.head.bytes + response.body.bytes;
  return (
    <div
      className="exhibit"
      data-at={poll.at}
      data-request-head-bytes={request.head.bytes}
      data-response-head-bytes={response.head.bytes}
      data-body-bytes={response.body.bytes}
      data-counted-up={counted.up}
      data-counted-down={counted.down}
    >
      <p className="exhibit-when muted small" data-held-ms={heldMs ?? ''}>
        The last {heldMs === undefined ? 'poll' : 'long poll'}, answered {formatDuration(serverTs - poll.at)} before this read
        {heldMs !== undefined &&
          (heldMs > 0 ? `, after the server held it ${formatDuration(heldMs)}` : ', at once: a tick was already waiting')}
        .
      </p>
      <p className="size-line">
        <span>
          request <ByteSize bytes={up} /> = head <ByteSize bytes={request.head.bytes} />;
        </span>{' '}
        <span>
          response <ByteSize bytes={down} /> = head <ByteSize bytes={response.head.bytes} /> + body <ByteSize bytes={response.body.bytes} />
        </span>
      </p>
      <CountedCheck shown={{ up, down }} counted={counted} />
      <WireText title="Request head" excerpt={request.head} kind="head" />
      <WireText title="Response head" excerpt={response.head} kind="head" />
      <WireText title="Response body" excerpt={response.body} kind="data" />
    </div>
  );
}
