import { formatDuration } from '@/lib/format/format-duration';
import type { PollExchange } from '@/lib/protocol/wire-inspection';
import { ByteSize } from './byte-size';
import { CountedCheck } from './counted-check';
import { WireText } from './wire-text';

/** One poll as the server saw it: what it costs in header lines against the body it was for. */
export function PollExhibit({ poll, serverTs }: { poll: PollExchange; serverTs: number }) {
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
      <p className="exhibit-when muted small">The last poll, answered {formatDuration(serverTs - poll.at)} before this read.</p>
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
