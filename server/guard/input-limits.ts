/**
 * How much a client may send, in one place. Every cap answers with a 4xx and a JSON `{"error": …}` (or, on
 * a WebSocket, closes it), never by reading, buffering or parsing more than it allows. docs/operations.md,
 * "Any input, no crash", lists them for users; change both together.
 */

/** The request target (path and query). The page's own polls are under 120 characters. Answered with 414. */
export const MAX_URL_LENGTH = 2048;

/**
 * The request line and headers together: Node's own default, said out loud. Node's parser stops at it and
 * the server answers 431 without reading further.
 */
export const MAX_HEADER_BYTES = 16 * 1024;

/**
 * A body sent to a page. No page takes one (there are no Server Actions; Next answers a POST with 405),
 * but Next's development tools post small JSON bodies, and 1 MiB is what Next itself allows a Server
 * Action. Larger, or without a Content-Length (chunked, so of unknown size), is refused with 413 or 411
 * before Next reads any of it. The API paths take no body at all.
 */
export const MAX_PAGE_BODY_BYTES = 1024 * 1024;

/**
 * One engine.io message from a client (Socket.IO's maxHttpBufferSize). ws checks a frame's declared length
 * against it before reading the payload and closes the WebSocket with 1009 when it is over, so this is
 * what bounds the memory a client's frames can take.
 */
export const MAX_CLIENT_MESSAGE_BYTES = 4 * 1024;

/**
 * One Socket.IO packet from a client (an event with its arguments, a connect with its auth), checked
 * before it is parsed as JSON. The largest valid event, a subscribe with both fields at their largest, is
 * about 70 bytes. Over it, the connection is closed as a protocol error.
 */
export const MAX_CLIENT_PACKET_BYTES = 512;

/**
 * One message to the plain WebSocket, which takes none: whatever a client sends there is answered with a
 * close (1003). ws checks a frame's declared length against this before reading the payload and closes
 * with 1009 when it is over, so a client cannot make the server hold more than this. Control frames
 * (pings, at most 125 bytes by RFC 6455) are not messages and not held to it.
 */
export const MAX_WEBSOCKET_MESSAGE_BYTES = 125;
