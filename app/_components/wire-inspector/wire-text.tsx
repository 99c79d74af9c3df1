import { Fragment } from 'react';
import { formatCount } from '@/lib/format/format-bytes';
import { utf8Prefix } from '@/lib/format/utf8-prefix';
import type { Excerpt } from '@/lib/protocol/wire-inspection';
import { ByteSize } from './byte-size';

/**
 * How much of each kind of text is shown. Heads whole (the server's header limit bounds them); bodies and
 * payloads a few lines' worth, so a 5 s poll's answer does not push everything else off a projector.
 * The server sends heads whole and cuts the rest at INSPECT_TEXT_LIMIT, above `data`: any cut shown is
 * ours, between characters, so "N more bytes" is exact.
 */
const SHOWN_BYTES = { head: 4096, data: 480 } as const;

/**
 * Line ends as escapes, not as the control pictures ␍␊: few fonts have those (none on a stock Debian),
 * and a projector showing two empty boxes teaches nothing.
 */
const LINE_END_MARKS: Readonly<Record<string, string>> = { '\r\n': '\\r\\n', '\n': '\\n', '\r': '\\r' };

/**
 * Bytes from the wire as monospace text with its size. Line ends are drawn as a faint \r\n by CSS (from
 * data-eol), so a copy of the text has plain line breaks and no marks.
 */
export function WireText({ title, excerpt, kind }: { title: string; excerpt: Excerpt; kind: keyof typeof SHOWN_BYTES }) {
  const shown = utf8Prefix(excerpt.text, SHOWN_BYTES[kind]);
  const more = excerpt.bytes - shown.bytes;
  const pieces = shown.text.split(/(\r\n|\n|\r)/);
  return (
    <figure className="wire-block" data-bytes={excerpt.bytes}>
      <figcaption>
        {title}{' '}
        <span className="wire-size">
          <ByteSize bytes={excerpt.bytes} />
        </span>
      </figcaption>
      <pre className="wire-text">
        {pieces.map((piece, i) =>
          i % 2 === 0 ? (
            piece
          ) : (
            <Fragment key={i}>
              <span className="eol" data-eol={LINE_END_MARKS[piece]} />
              {'\n'}
            </Fragment>
          ),
        )}
        {more > 0 && <span className="wire-more">… ({formatCount(more)} more bytes)</span>}
        {excerpt.bytes === 0 && <span className="wire-none">(no bytes)</span>}
      </pre>
    </figure>
  );
}
