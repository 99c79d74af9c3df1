import { randomBytes } from 'node:crypto';
import { MARKET_PATH } from '../../../lib/protocol/market-info';
import { METER_PATH } from '../../../lib/protocol/meter-report';
import { LONG_POLL_PATH } from '../../../lib/protocol/long-poll-api';
import { POLL_PATH } from '../../../lib/protocol/poll-api';
import { SERVER_STATS_PATH } from '../../../lib/protocol/server-stats';
import { SSE_PATH } from '../../../lib/protocol/sse-api';
import { WEBSOCKET_PATH } from '../../../lib/protocol/websocket-api';
import { INSPECT_PATH } from '../../../lib/protocol/wire-inspection';
import { QUERY_CHARS, type Fuzz } from './fuzz-random';
import { maskedFrame } from './raw-websocket';

// Generators of inputs the server must refuse, each bad by construction: every poll query, HTTP request
// and handshake has at least one defect that no valid request has, so every answer must be a 4xx. A
// stray "%" is written "%%": one alone could meet the next two characters and decode to a valid one.

const TAB_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
const DIGITS = '0123456789';

const validTab = (f: Fuzz) => f.text(TAB_CHARS, 8, 64);
const percentEncoded = (byte: number) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`;
const percentByte = (f: Fuzz) => percentEncoded(f.int(0, 255));

/** A percent-encoded byte that does not decode to a character a tab id may hold. */
function percentNotTab(f: Fuzz): string {
  for (;;) {
    const byte = f.int(0, 255);
    if (!TAB_CHARS.includes(String.fromCharCode(byte))) return percentEncoded(byte);
  }
}

/** A value that is never a sequence number or epoch: not 1 to 15 digits once decoded. */
function badNumber(f: Fuzz): string {
  const digits = (min: number, max: number) => f.text(DIGITS, min, max);
  return f.pick<() => string>([
    () => '',
    () => `-${digits(1, 5)}`,
    () => `${digits(1, 5)}.${digits(1, 3)}`,
    () => digits(16, 40),
    () => `${digits(0, 5)}${f.pick(['a', 'x', '-', '.', '~', '!', '%20', '%2B', '%00', '%C3%A9', '+', '%%', '%z'])}${digits(0, 5)}`,
    () => f.pick(['NaN', 'Infinity', '-0', '0x1f', '1e5', 'null', 'true', '[]', '%2D1', '%EF%BC%91']),
  ])();
}

/** A value that is never a tab id: too short, too long, or with a character outside the pattern. */
function badTab(f: Fuzz): string {
  return f.pick<() => string>([
    () => f.text(TAB_CHARS, 0, 7),
    () => f.text(TAB_CHARS, 65, 120),
    () =>
      `${f.text(TAB_CHARS, 4, 30)}${f.pick(['.', '~', '!', '%21', '%00', '%C3%A9', '+', '%2F', '%%', percentNotTab(f)])}${f.text(TAB_CHARS, 4, 30)}`,
  ])();
}

/** A parameter name a poll does not take, none of which decodes to since, epoch or tab. */
function unknownKey(f: Fuzz): string {
  return f.pick<() => string>([
    () => `x${f.text(QUERY_CHARS.replace(/[=&?]/g, ''), 0, 12)}`,
    () => f.pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'SINCE', 'Since', 'since%20', 'tab%00', '', 'since[]', 'epoch.x']),
  ])();
}

/** A poll query string (without "?") with at least one parameter no valid poll has. */
export function badPollQuery(f: Fuzz): string {
  const good = [() => `since=${f.int(0, 1_000_000)}`, () => `epoch=${f.int(0, 2 ** 31)}`, () => `tab=${validTab(f)}`];
  const bad = [
    () => `${f.pick(['since', 'epoch'])}=${badNumber(f)}`,
    () => `tab=${badTab(f)}`,
    () => `${unknownKey(f)}=${f.text(QUERY_CHARS.replace(/[&]/g, ''), 0, 30)}`,
    () => unknownKey(f) || 'x',
    () => {
      const key = f.pick(['since', 'epoch']);
      return `${key}=${f.int(0, 9)}&${key}=${f.int(0, 9)}`;
    },
    () => `pad=${'a'.repeat(f.int(2050, 4000))}`,
    () => `${f.pick(['since', 'epoch', 'tab'])}=${percentByte(f)}${percentByte(f)}${f.pick(['%', '%G0', '%0'])}`,
  ];
  const parts = [...Array.from({ length: f.int(0, 3) }, () => f.pick(good)()), ...Array.from({ length: f.int(1, 3) }, () => f.pick(bad)())];
  return f.shuffle(parts).join(f.pick(['&', '&', '&', '&&']));
}

/** A request target the server refuses whatever the rest of the request says. */
function badTarget(f: Fuzz): string {
  return f.pick<() => string>([
    () => `${POLL_PATH}?${badPollQuery(f)}`,
    () => `${LONG_POLL_PATH}?${badPollQuery(f)}`,
    () => `${SSE_PATH}?${badPollQuery(f)}`,
    () => METER_PATH,
    () => `${INSPECT_PATH}?tab=${badTab(f)}`,
    () => `${SERVER_STATS_PATH}?${unknownKey(f) || 'x'}=1`,
    () => `/${f.text(QUERY_CHARS.replace(/[?]/g, ''), 1, 40)}`,
    () => `${MARKET_PATH}/${f.text(TAB_CHARS, 1, 10)}`,
    () => `http://${f.text(TAB_CHARS, 1, 10)}${POLL_PATH}`,
    () => `/${'a'.repeat(f.int(2050, 6000))}`,
    () => '*',
  ])();
}

const CRLF = '\r\n';

/**
 * A whole HTTP request as bytes, from a request line and headers that are each possibly malformed: bad
 * methods, targets and versions, broken or illegal header lines, contradictory framing, bodies where
 * none is taken, oversized heads, or plain garbage.
 */
export function badHttpRequest(f: Fuzz): Buffer {
  // No HEAD: its answer has no body, and the reader of these answers does not know which request it is for.
  let method = f.pick(['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);
  let target = badTarget(f);
  let version = 'HTTP/1.1';
  const headers: string[] = ['Host: 127.0.0.1'];
  let body = '';
  const defects = [
    () =>
      (method = f.pick([f.text('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1, 12), 'G ET', 'GET\t', 'get', '', 'CONNECT', 'TRACE', 'PRI', '\x00GET', 'GÉT'])),
    () =>
      (target = f.pick([`${target} x`, `${target}\x01`, `${target}\x7f`, `/é${target}`, `/${'\u00ff'}`, '', `${target}#frag`, `//${target}`])),
    () =>
      (version = f.pick(['HTTP/1', 'HTTP/1.1.1', 'HTTP/x.y', 'http/1.1', 'HTTP 1.1', 'HTTP/11', 'HTTP/9.9', 'HTTP/1.1 extra', 'HTTP/0.9', ''])),
    () =>
      headers.push(f.pick(['Bad Name: x', 'NoColon', ' folded', 'Na(me: x', ': empty-name', 'X: a\x00b', 'X: a\x7fb', 'X: a\rb', 'X:\x01'])),
    () =>
      headers.push(
        ...f.pick([
          ['Content-Length: abc'],
          ['Content-Length: -1'],
          ['Content-Length: 1, 2'],
          ['Content-Length: 1', 'Content-Length: 2'],
          ['Content-Length: 5', 'Transfer-Encoding: chunked'],
        ]),
      ),
    () =>
      headers.push(
        f.pick(['Transfer-Encoding: gzip', 'Transfer-Encoding: chunked, gzip', 'Transfer-Encoding: xchunked', 'Transfer-Encoding: identity']),
      ),
    () => {
      headers.push(`Content-Length: ${f.int(1, 100_000_000)}`);
      body = f.text(QUERY_CHARS, 0, 64);
    },
    () => {
      headers.push('Transfer-Encoding: chunked');
      body = f.pick(['zz\r\n', '5\r\nhello\r\n0\r\n\r\n', '-1\r\n', 'ffffffffffffffffff\r\n']);
    },
    () => headers.splice(0, 1),
    () => headers.push(`X-Big: ${'a'.repeat(f.int(16 * 1024, 40 * 1024))}`),
    () => headers.push(f.pick(['Expect: bogus', 'Expect: 100-continue, bogus'])),
    () => headers.push('Connection: Upgrade', `Upgrade: ${f.pick(['websocket', 'h2c', 'garbage', ''])}`),
  ];
  if (f.chance(0.05)) return Buffer.concat([f.bytes(1, 200), Buffer.from(`${CRLF}${CRLF}`)]);
  for (let i = f.int(0, 2); i > 0; i--) f.pick(defects)();
  const lineEnd = f.chance(0.05) ? '\n' : CRLF;
  const request = `${method} ${target} ${version}${lineEnd}${headers.map((line) => `${line}${lineEnd}`).join('')}${lineEnd}${body}`;
  return Buffer.from(request, 'latin1');
}

/**
 * A Last-Event-ID the server never sends: not `<epoch>:<seq>` of 1 to 15 digits each. Never empty or
 * blank (Node trims a header's value), which is how SSE says "no id" and would open a stream.
 */
function badLastEventId(f: Fuzz): string {
  const digits = () => f.text(DIGITS, 1, 15);
  return f.pick<() => string>([
    () => `${badNumber(f)}:${digits()}`,
    () => `${digits()}:${badNumber(f)}`,
    () => digits(),
    () => `${digits()}:${digits()}:${digits()}`,
    () => `${digits()}${f.pick([';', ' : ', '/', '.', ':-', '::'])}${digits()}`,
    () => `x${f.text(QUERY_CHARS, 0, 30)}`,
    // Two headers, as Node joins them.
    () => `${digits()}:${digits()}, ${digits()}:${digits()}`,
  ])();
}

/**
 * A request for an SSE stream (its whole head, to write on a keep-alive connection) with at least one
 * defect: a bad query, a Last-Event-ID the server never sent, or a method other than GET (not HEAD, whose
 * answer has no body for the reader to know of).
 */
export function badSseRequest(f: Fuzz): string {
  const goodQuery = () =>
    f.shuffle([`since=${f.int(0, 1_000_000)}`, `epoch=${f.int(0, 2 ** 31)}`, `tab=${validTab(f)}`].filter(() => f.chance(0.7))).join('&');
  const request = (method: string, query: string, headers = '') =>
    `${method} ${SSE_PATH}?${query} HTTP/1.1${CRLF}Host: 127.0.0.1${CRLF}${headers}${CRLF}`;
  return f.pick<() => string>([
    () => request('GET', badPollQuery(f), f.chance(0.3) ? `Last-Event-ID: ${f.int(0, 2 ** 31)}:${f.int(0, 1000)}${CRLF}` : ''),
    () => request('GET', goodQuery(), `Last-Event-ID: ${badLastEventId(f)}${CRLF}`),
    () => request(f.pick(['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']), goodQuery()),
  ])();
}

/** The WebSocket upgrade headers as socket.io-client sends them. */
function handshakeHeaders(): Record<string, string> {
  return {
    Host: '127.0.0.1',
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
  };
}

/**
 * Defects of a WebSocket handshake's method and headers, each one that RFC 6455 or this server refuses:
 * missing or wrong WebSocket headers, a subprotocol, no upgrade at all, another method. Each changes
 * `headers` in place, or sets the method.
 */
function handshakeDefects(f: Fuzz, headers: Record<string, string>, setMethod: (method: string) => void): (() => unknown)[] {
  return [
    () => delete headers.Upgrade,
    () => (headers.Upgrade = f.pick(['h2c', 'websocket2', 'WebSocket, h2c', ''])),
    () => delete headers['Sec-WebSocket-Key'],
    // Any length but the 16 bytes a key has.
    () => (headers['Sec-WebSocket-Key'] = f.pick([randomBytes(f.pick([1, 8, 15, 17, 24, 30])).toString('base64'), 'not base64!', ''])),
    () => (headers['Sec-WebSocket-Version'] = f.pick(['8', '12', '14', '', 'x'])),
    () => (headers['Sec-WebSocket-Protocol'] = f.pick(['chat', 'soap, wamp', ''])),
    () => (headers.Connection = 'keep-alive'),
    () => setMethod(f.pick(['POST', 'PUT', 'DELETE', 'OPTIONS'])),
  ];
}

/** A whole upgrade request: method, target and header lines, each ended by CRLF. */
function upgradeRequest(method: string, target: string, headers: Record<string, string>): Buffer {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}${CRLF}`);
  return Buffer.from(`${method} ${target} HTTP/1.1${CRLF}${lines.join('')}${CRLF}`, 'latin1');
}

/**
 * A Socket.IO handshake (an upgrade, or a long-polling attempt) with at least one defect in its path,
 * query or headers: another protocol or transport, a session id, unknown or repeated parameters, an
 * invalid tab, a path under Socket.IO's, missing or wrong WebSocket headers, a subprotocol, another method.
 */
export function badHandshake(f: Fuzz): Buffer {
  let path = '/socket.io/';
  const query = new Map<string, string[]>([
    ['EIO', ['4']],
    ['transport', ['websocket']],
    ['tab', [validTab(f)]],
  ]);
  const headers = handshakeHeaders();
  let method = 'GET';
  const set = (key: string, value: string) => query.set(key, [value]);
  const defects = [
    () => set('EIO', f.pick(['3', '5', '', '4.0', '04', 'x', '%204', '4%00'])),
    () => query.delete('EIO'),
    () => set('transport', f.pick(['polling', 'webtransport', '', 'WebSocket', 'websocket%20', 'flashsocket'])),
    () => query.delete('transport'),
    () => set('sid', f.text(TAB_CHARS, 0, 20)),
    () => set(unknownKey(f) || 'x', f.text(QUERY_CHARS.replace(/[&]/g, ''), 0, 10)),
    () => set(f.pick(['t', 'b64', 'j']), f.text(DIGITS, 1, 10)),
    () => query.get(f.pick(['EIO', 'transport', 'tab']))?.push(f.pick(['4', 'websocket', validTab(f)])),
    () => set('tab', badTab(f)),
    () => set('pad', 'a'.repeat(f.int(2050, 4000))),
    () => (path = f.pick(['/socket.io/x', '/socket.io//', '/socket.io/%2e%2e/', '/socket.io/socket.io/', '/socket.io', '/socket.iox/'])),
    ...handshakeDefects(f, headers, (bad) => (method = bad)),
  ];
  for (let i = f.int(1, 3); i > 0; i--) f.pick(defects)();
  const search = [...query].flatMap(([key, values]) => values.map((value) => `${key}=${value}`)).join('&');
  return upgradeRequest(method, `${path}?${search}`, headers);
}

const EVENT_NAMES = [
  'subscribe',
  'unsubscribe',
  't',
  'connect',
  'disconnect',
  'disconnecting',
  'error',
  'newListener',
  'removeListener',
  'ping',
];
const OBJECT_KEYS = ['since', 'epoch', 'tab', '__proto__', 'constructor', 'toString', 'length', '0'];

/**
 * An upgrade to the plain WebSocket with at least one defect in its path, query (any a poll is refused
 * for: the two take the same parameters), method or headers.
 */
export function badWebSocketUpgrade(f: Fuzz): Buffer {
  let path = WEBSOCKET_PATH;
  let query = `tab=${validTab(f)}`;
  const headers = handshakeHeaders();
  let method = 'GET';
  const defects = [
    () => (query = badPollQuery(f)),
    () => (query = badPollQuery(f)),
    () => (path = f.pick([`${WEBSOCKET_PATH}/`, `${WEBSOCKET_PATH}x`, `${WEBSOCKET_PATH}/%2e%2e`, '/api/WS', `/${WEBSOCKET_PATH}`])),
    ...handshakeDefects(f, headers, (bad) => (method = bad)),
  ];
  for (let i = f.int(1, 3); i > 0; i--) f.pick(defects)();
  return upgradeRequest(method, `${path}?${query}`, headers);
}

/** A JSON value of any shape, nested up to `depth`. */
function jsonValue(f: Fuzz, depth: number): unknown {
  const leaf = () =>
    f.pick<() => unknown>([
      () => null,
      () => f.chance(0.5),
      () => f.pick([0, -0, -1, 1.5, 2 ** 53 + 2, 1e308, -1e308, Number.MAX_SAFE_INTEGER, f.int(0, 1_000_000)]),
      () => f.text(QUERY_CHARS, 0, 20),
      () => f.pick(['\u0000', '\ud800', '\u2028', '💥', '__proto__']),
    ])();
  if (depth === 0 || f.chance(0.5)) return leaf();
  if (f.chance(0.5)) return Array.from({ length: f.int(0, 4) }, () => jsonValue(f, depth - 1));
  return Object.fromEntries(Array.from({ length: f.int(0, 4) }, () => [f.pick(OBJECT_KEYS), jsonValue(f, depth - 1)]));
}

/** The text of a Socket.IO packet, as it follows the engine.io message type "4": valid in form or not. */
function socketIoPacket(f: Fuzz): string {
  const type = f.pick(['0', '1', '2', '2', '2', '3', '4', '5', '6', '7', '9', 'x', '']);
  const attachments = f.chance(0.1) ? `${f.pick(['0', '1', '2', '11', '-1', 'x'])}-` : '';
  const nsp = f.chance(0.15) ? `${f.pick(['/', '/admin', `/${f.text(TAB_CHARS, 0, 8)}`])},` : '';
  const id = f.chance(0.5) ? f.text(DIGITS, 1, f.pick([3, 3, 20])) : '';
  const event = f.chance(0.8) ? f.pick<unknown>([...EVENT_NAMES, f.text(TAB_CHARS, 0, 10), 7, null, {}]) : jsonValue(f, 1);
  const args = Array.from({ length: f.int(0, 3) }, () => jsonValue(f, 3));
  let payload = f.chance(0.8) ? JSON.stringify([event, ...args]) : JSON.stringify(jsonValue(f, 3));
  if (f.chance(0.1)) payload = payload.slice(0, f.int(0, payload.length));
  if (f.chance(0.1)) payload += ` ${'x'.repeat(f.pick([f.int(400, 700), f.int(3500, 5000)]))}`;
  return `${type}${attachments}${nsp}${id}${payload}`;
}

/** A well-formed event of the client's own, asking for an acknowledgement, with arguments of any shape. */
function clientEvent(f: Fuzz): string {
  const args = Array.from({ length: f.int(0, 3) }, () => jsonValue(f, 3));
  return `2${f.int(0, 999)}${JSON.stringify([f.pick(['subscribe', 'unsubscribe']), ...args])}`;
}

const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

function textFrame(text: string): Buffer {
  return maskedFrame(OPCODE.text, Buffer.from(text, 'utf8')).bytes;
}

/** A frame whose header says something no client may say (RSV bits, an unknown opcode, no mask, a huge length). */
function badFrameHeader(f: Fuzz): Buffer {
  const payload = f.bytes(0, 20);
  const frame = maskedFrame(OPCODE.text, payload).bytes;
  return f.pick<() => Buffer>([
    () => Buffer.concat([Buffer.from([(frame[0] ?? 0) | f.pick([0x40, 0x20, 0x10])]), frame.subarray(1)]),
    () => Buffer.concat([Buffer.from([0x80 | f.pick([0x3, 0x4, 0x7, 0xb, 0xf])]), frame.subarray(1)]),
    () => Buffer.concat([Buffer.from([0x81, payload.length]), payload]),
    () => Buffer.from([0x81, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 1, 2, 3, 4]),
    () => Buffer.from([0x81, 0xfe, 0x20, 0x00, 1, 2, 3, 4]),
    () => maskedFrame(OPCODE.ping, f.bytes(126, 200)).bytes,
    () => maskedFrame(OPCODE.continuation, payload).bytes,
  ])();
}

/**
 * One to three WebSocket frames for an open Socket.IO connection: engine.io packets of any type,
 * Socket.IO packets of any form (unknown types and namespaces, events of any name and arguments, the
 * client's own events with arguments of any shape,
 * acknowledgements nobody asked for, binary attachments, oversized ones), and frames that break
 * WebSocket itself (binary data, invalid UTF-8, a message left unfinished, bad headers, control frames).
 */
export function badSocketFrames(f: Fuzz): Buffer[] {
  const one = f.pick<() => Buffer>([
    () => textFrame(`4${socketIoPacket(f)}`),
    () => textFrame(`4${socketIoPacket(f)}`),
    () => textFrame(`4${socketIoPacket(f)}`),
    () => textFrame(`4${clientEvent(f)}`),
    () => textFrame(`${f.pick(['0', '1', '2', '3', '5', '6', '7', '8', '9', 'b', 'x', ''])}${f.text(QUERY_CHARS, 0, 30)}`),
    () => maskedFrame(OPCODE.binary, f.bytes(0, 100)).bytes,
    () => maskedFrame(OPCODE.text, Buffer.from([0x34, 0xc3, 0x28, 0xff])).bytes,
    () => Buffer.concat([Buffer.from([0x01]), maskedFrame(OPCODE.text, Buffer.from('42["sub')).bytes.subarray(1)]),
    () => maskedFrame(OPCODE.ping, f.bytes(0, 125)).bytes,
    () => maskedFrame(OPCODE.pong, f.bytes(0, 125)).bytes,
    () => maskedFrame(OPCODE.close, f.bytes(0, 30)).bytes,
    () => badFrameHeader(f),
  ]);
  return Array.from({ length: f.int(1, 3) }, () => one());
}
