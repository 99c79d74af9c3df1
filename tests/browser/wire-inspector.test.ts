import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSPECT_PATH, wireInspectionSchema, type WireInspection } from '../../lib/protocol/wire-inspection';
import { startApp, type AppProcess } from '../support/app-process';
import { launchChromium } from '../support/chromium';
import { DashboardPage } from './support/dashboard-page';
import { WireInspectorPanel } from './support/wire-inspector-panel';
import { settle } from './support/settle';

const exactBytes = (n: number) => `${n.toLocaleString('en-US')} B`;
/** The page holds each line of a head with its \r\n drawn by CSS: put the bytes back. */
const wireBytesOf = (shown: string) => Buffer.byteLength(shown.replaceAll('\n', '\r\n'));

describe('wire inspector', () => {
  let app: AppProcess;
  let browser: Browser;
  let page: Page;
  let dashboard: DashboardPage;
  let inspector: WireInspectorPanel;
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
    // The tab had not been inspected while it polled (it never did): there is no poll to show.
    expect(await inspector.modeText('polling')).toMatch(/Nothing yet: switch to polling to see a poll/);

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
    expect(await inspector.modeText('socketio')).toMatch(/last WebSocket, closed while polling/);
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

  it('should stop reading once closed', async () => {
    await inspector.close();
    await settle(300);
    const asked = requests;
    await settle(2500);
    expect(requests).toBe(asked);
    expect(pageErrors).toEqual([]);
  });
});
