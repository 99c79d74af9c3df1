import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTick } from '../../lib/protocol/tick-codec';
import { TRANSPORT_MODES } from '../../lib/protocol/transport-mode';
import { WS_PING_MS } from '../../lib/protocol/websocket-api';
import { INSPECT_PATH, wireInspectionSchema, type WireInspection } from '../../lib/protocol/wire-inspection';
import { startApp, type AppProcess } from '../support/app-process';
import { launchChromium } from '../support/chromium';
import { CONNECTED, DashboardPage } from './support/dashboard-page';
import { WireInspectorPanel } from './support/wire-inspector-panel';
import { settle } from './support/settle';
import { tapTicks, type TickTap } from './support/tick-tap';

const exactBytes = (n: number) => `${n.toLocaleString('en-US')} B`;
/** The page holds each line of a head with its \r\n drawn by CSS: put the bytes back. */
const wireBytesOf = (shown: string) => Buffer.byteLength(shown.replaceAll('\n', '\r\n'));

describe('wire inspector', () => {
  let app: AppProcess;
  let browser: Browser;
  let page: Page;
  let dashboard: DashboardPage;
  let inspector: WireInspectorPanel;
  let tap: TickTap;
  const pageErrors: string[] = [];
  /** Every answer the page got from GET /api/inspect, as the server sent it. */
  const answers: WireInspection[] = [];
  let requests = 0;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === INSPECT_PATH) requests += 1;
    });
    page.on('response', (response) => {
      if (new URL(response.url()).pathname !== INSPECT_PATH) return;
      // An answer the page dropped (paused mid-request) has no body to read.
      response.json().then(
        (body: unknown) => answers.push(wireInspectionSchema.parse(body)),
        () => undefined,
      );
    });
    tap = await tapTicks(page);
    dashboard = new DashboardPage(page);
    inspector = new WireInspectorPanel(page);
    await dashboard.open(app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('should be closed at first and read nothing while closed', async () => {
    await expect.poll(() => dashboard.status()).toMatch(/Connected\s+WebSocket/);
    await expect(inspector.region.getByRole('button', { name: 'Show the bytes' }).getAttribute('aria-expanded')).resolves.toBe('false');
    await settle(1500);
    expect(requests).toBe(0);
  });

  it('should show the 101 handshake and the last frame each way over Socket.IO', async () => {
    await inspector.open();
    await expect.poll(() => inspector.block('socketio', '101 response'), { timeout: 5000 }).toMatch(/^HTTP\/1\.1 101 Switching Protocols\n/);
    // A mode's section appears once the tab has used it: this one has used Socket.IO only.
    for (const mode of ['websocket', 'sse', 'longpolling', 'polling'] as const) expect(await inspector.mode(mode).count(), mode).toBe(0);

    const response = await inspector.block('socketio', '101 response');
    expect(await inspector.lineEnds('socketio', '101 response')).toEqual(
      response
        .split('\n')
        .slice(0, -1)
        .map(() => '\\r\\n'),
    );
    const upgrade = await inspector.block('socketio', 'Upgrade request');
    expect(upgrade).toMatch(/^GET \/socket\.io\/\?.*transport=websocket.* HTTP\/1\.1\n/);
    const handshake = await inspector.figures('socketio');
    expect(wireBytesOf(upgrade)).toBe(handshake.requestBytes);
    expect(wireBytesOf(response)).toBe(handshake.responseBytes);
    expect(await inspector.countedCheck('socketio')).toEqual({ text: '✓ matches the bytes counted on the socket', matches: true });

    const down = await inspector.frame('down');
    expect(down.header.split(' ')[0]).toBe('81');
    expect(down.boxes[0]).toEqual(['81']);
    expect(down.legend[0]).toBe('81 = FIN + text frame');
    expect(down.payloadLength).toBe(Buffer.byteLength(down.payloadText));
    expect(down.payloadLength).toBe(down.payloadBytes);
    expect(down.headerBytes).toBe(down.payloadLength < 126 ? 2 : 4);
    // The browser's frames carry a 4-byte masking key after the length.
    const up = await inspector.frame('up');
    expect(up.boxes.at(-1)).toHaveLength(4);
    expect(up.legend.at(-1)).toMatch(/^([0-9a-f]{2} ){3}[0-9a-f]{2} = mask key/);
    expect(up.headerBytes).toBe(up.payloadLength < 126 ? 6 : 8);
  });

  it('should show a poll at 100 ms with its header lines and body, sized as the server counted them', async () => {
    await dashboard.chooseTransport('Polling');
    await dashboard.choosePollInterval('100 ms');
    await expect.poll(() => dashboard.status()).toMatch(/every 100 ms/);
    await expect.poll(() => inspector.block('polling', 'Request head'), { timeout: 5000 }).toMatch(/^GET \/api\/ticks\?/);
    await inspector.pause();
    await settle(300);

    const figures = await inspector.figures('polling');
    const answer = answers.find((candidate) => candidate.polling?.at === figures.at)?.polling;
    expect(answer, 'the answer the page shows').toBeDefined();
    if (!answer) return;
    expect(figures).toEqual({
      at: answer.at,
      requestHeadBytes: answer.request.head.bytes,
      responseHeadBytes: answer.response.head.bytes,
      bodyBytes: answer.response.body.bytes,
      countedUp: answer.counted.up,
      countedDown: answer.counted.down,
    });
    const { head } = answer.response;
    const body = answer.response.body.bytes;
    expect(await inspector.sizeLine('polling')).toBe(
      `request ${exactBytes(answer.request.head.bytes)} = head ${exactBytes(answer.request.head.bytes)}; ` +
        `response ${exactBytes(head.bytes + body)} = head ${exactBytes(head.bytes)} + body ${exactBytes(body)}`,
    );
    expect(answer.counted).toEqual({ up: answer.request.head.bytes, down: head.bytes + body });
    expect(await inspector.countedCheck('polling')).toEqual({ text: '✓ matches the bytes counted on the socket', matches: true });

    const requestHead = await inspector.block('polling', 'Request head');
    expect(requestHead).toMatch(/^GET \/api\/ticks\?since=\d+&epoch=\d+&tab=[0-9a-f]+ HTTP\/1\.1\n/);
    expect(requestHead).toMatch(/\n\n$/);
    expect(wireBytesOf(requestHead)).toBe(answer.request.head.bytes);
    expect(wireBytesOf(await inspector.block('polling', 'Response head'))).toBe(head.bytes);
    expect(await inspector.block('polling', 'Response body')).toMatch(/^\{"kind":"ticks"/);
    // The WebSocket closed when the tab switched: its column says so and keeps its bytes.
    expect(await inspector.modeText('socketio')).toMatch(/The tab's last WebSocket, closed since\./);
  });

  it('should hold the shown exchange while paused, and follow the wire again on Resume', async () => {
    const held = await inspector.figures('polling');
    const heldHead = await inspector.block('polling', 'Request head');
    const asked = requests;
    await settle(2500);
    expect(await inspector.figures('polling')).toEqual(held);
    expect(await inspector.block('polling', 'Request head')).toBe(heldHead);
    expect(requests).toBe(asked);

    await inspector.resume();
    await expect.poll(async () => (await inspector.figures('polling')).at, { timeout: 5000 }).toBeGreaterThan(held.at ?? 0);
  });

  it("should show the plain WebSocket's handshake and its frames: a tick down, the browser's pong up", async () => {
    await dashboard.chooseTransport('WebSocket');
    await expect.poll(() => dashboard.status()).toMatch(CONNECTED.websocket);
    await expect.poll(() => inspector.block('websocket', '101 response'), { timeout: 5000 }).toMatch(/^HTTP\/1\.1 101 Switching Protocols\n/);
    const upgrade = await inspector.block('websocket', 'Upgrade request');
    expect(upgrade).toMatch(/^GET \/api\/ws\?tab=[0-9a-f]+&since=\d+&epoch=\d+ HTTP\/1\.1\n/);
    const handshake = await inspector.figures('websocket');
    expect(wireBytesOf(upgrade)).toBe(handshake.requestBytes);
    expect(wireBytesOf(await inspector.block('websocket', '101 response'))).toBe(handshake.responseBytes);
    expect(await inspector.countedCheck('websocket')).toEqual({ text: '✓ matches the bytes counted on the socket', matches: true });

    // Down: a tick alone, the payload being the wire tick itself, in no envelope.
    const down = await inspector.frame('down', 'websocket');
    expect(down.legend[0]).toBe('81 = FIN + text frame');
    expect(down.payloadLength).toBe(Buffer.byteLength(down.payloadText));
    expect(down.payloadLength).toBe(down.payloadBytes);
    expect(down.headerBytes).toBe(down.payloadLength < 126 ? 2 : 4);
    expect(decodeTick(JSON.parse(down.payloadText)).epoch).toBe(tap.epochs.at(-1)?.epoch);
    // Up: the page never sends a message; the browser answers the server's ping, every 10 s, by itself.
    await expect
      .poll(async () => await inspector.mode('websocket').locator('figure.frame[data-direction="up"]').count(), {
        timeout: WS_PING_MS + 5000,
      })
      .toBe(1);
    const up = await inspector.frame('up', 'websocket');
    expect(up.legend[0]).toBe('8a = FIN + pong frame');
    expect(up.boxes.at(-1)).toHaveLength(4);
    expect(up.headerBytes).toBe(6);
    expect(await inspector.modeText('polling')).toMatch(/The last poll, answered/);
  });

  it("should show an SSE stream's head once, and its last event in the chunk around it", async () => {
    await dashboard.chooseTransport('Server-Sent Events');
    await expect.poll(() => dashboard.status()).toMatch(CONNECTED.sse);
    await expect.poll(async () => (await inspector.figures('sse')).eventBytes ?? 0, { timeout: 5000 }).toBeGreaterThan(0);
    await inspector.pause();
    await settle(300);
    const figures = await inspector.figures('sse');
    const event = await inspector.block('sse', 'Event');
    // One tick, one event: its position as its id, the wire tick as its data, a blank line to end it.
    expect(event).toMatch(/^id: \d+:\d+\ndata: \[.*\]\n\n$/);
    expect(Buffer.byteLength(event)).toBe(figures.eventBytes);
    expect(await inspector.lineEnds('sse', 'Event')).toEqual(['\\n', '\\n', '\\n']);
    // The chunk: the event's size in hex and a line end before it, a line end after it.
    const chunkHead = await inspector.block('sse', 'Chunk head');
    expect(chunkHead).toBe(`${(figures.eventBytes ?? 0).toString(16)}\n`);
    expect(figures.chunkBytes).toBe(Buffer.byteLength(chunkHead) + 1 + 2);
    expect(await inspector.block('sse', 'Request head')).toMatch(/^GET \/api\/sse\?since=\d+&epoch=\d+&tab=[0-9a-f]+ HTTP\/1\.1\n/);
    const responseHead = await inspector.block('sse', 'Response head');
    expect(responseHead).toMatch(/^HTTP\/1\.1 200 OK\n/);
    expect(responseHead).toMatch(/\nContent-Type: text\/event-stream/i);
    expect(responseHead).toMatch(/\nTransfer-Encoding: chunked\n/i);
    expect(wireBytesOf(responseHead)).toBe(figures.responseBytes);
    expect(await inspector.countedCheck('sse')).toEqual({ text: '✓ matches the bytes counted on the socket', matches: true });
    await inspector.resume();
  });

  it('should show a long poll, and how long the server held it before a tick came', async () => {
    await dashboard.chooseTransport('Long polling');
    await expect.poll(() => dashboard.status()).toMatch(CONNECTED.longpolling);
    await expect.poll(() => inspector.block('longpolling', 'Request head'), { timeout: 5000 }).toMatch(/^GET \/api\/long-poll\?/);
    await inspector.pause();
    await settle(300);

    const figures = await inspector.figures('longpolling');
    const answer = answers.find((candidate) => candidate.longpolling?.at === figures.at)?.longpolling;
    expect(answer, 'the answer the page shows').toBeDefined();
    if (!answer) return;
    const when = inspector.mode('longpolling').locator('.exhibit-when');
    expect(Number(await when.getAttribute('data-held-ms'))).toBe(answer.heldMs);
    // A market that ticks every 100 ms has a tick waiting, or one within the interval (a late timer on a
    // busy machine aside).
    expect(answer.heldMs).toBeLessThan(1000);
    expect(await when.innerText()).toMatch(
      answer.heldMs > 0
        ? /^The last long poll, answered .* before this read, after the server held it \d+\.\d s\.$/
        : /, at once: a tick was already waiting\.$/,
    );
    expect(answer.counted).toEqual({ up: answer.request.head.bytes, down: answer.response.head.bytes + answer.response.body.bytes });
    expect(await inspector.countedCheck('longpolling')).toEqual({ text: '✓ matches the bytes counted on the socket', matches: true });
    expect(await inspector.block('longpolling', 'Request head')).toMatch(
      /^GET \/api\/long-poll\?since=\d+&epoch=\d+&tab=[0-9a-f]+ HTTP\/1\.1\n/,
    );
    expect(await inspector.block('longpolling', 'Response body')).toMatch(/^\{"kind":"ticks"/);
    await inspector.resume();

    // Every mode the tab used has its section now, the one in use marked.
    const sections = await inspector.region
      .locator('section.inspector-mode')
      .evaluateAll((found) =>
        found.map((section) => ({ mode: section.getAttribute('data-mode'), active: section.classList.contains('active') })),
      );
    expect(sections).toEqual(TRANSPORT_MODES.map((mode) => ({ mode, active: mode === 'longpolling' })));
  });

  it('should stop reading once closed', async () => {
    await inspector.close();
    await settle(300);
    const asked = requests;
    await settle(2500);
    expect(requests).toBe(asked);
    expect(pageErrors).toEqual([]);
  });
});
