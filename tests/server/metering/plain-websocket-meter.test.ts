import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { formatHex } from '../../../lib/format/format-hex';
import { OPCODES } from '../../../lib/protocol/websocket-frame';
import { PlainWebSocketMeter } from '../../../server/metering/plain-websocket-meter';
import { meterFramesIn, ResponseHeads, upgradeHandshake } from '../../../server/metering/websocket-meter';
import { WireLedger } from '../../../server/metering/wire-ledger';
import { RawWebSocket } from '../support/raw-websocket';

interface Metered {
  readonly meter: PlainWebSocketMeter;
  readonly ws: WebSocket;
}

/**
 * A ws server that meters its one WebSocket as the plain WebSocket server does (see
 * server/transports/websocket), so that the meter's own view can be read: the app server shows it nowhere yet.
 */
async function meteredServer(): Promise<{ port: number; connection: Promise<Metered> }> {
  const ledger = new WireLedger();
  const heads = new ResponseHeads();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  heads.watch(wss);
  const http = createServer();
  const connection = new Promise<Metered>((resolve) => {
    http.on('upgrade', (request, socket, head) =>
      wss.handleUpgrade(request, socket, head, (ws) => {
        const meter = new PlainWebSocketMeter({
          request,
          ws,
          responseLines: heads.of(request),
          handshake: upgradeHandshake(ledger, request, head),
        });
        meterFramesIn(request.socket, meter);
        ws.on('ping', (data) => meter.sentControl(OPCODES.pong, data));
        resolve({ meter, ws });
      }),
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => {
    http.closeAllConnections();
    http.close();
  });
  return { port: (http.address() as AddressInfo).port, connection };
}

describe('PlainWebSocketMeter', () => {
  it('should show the handshake as the client saw it, and the last frame each way', async () => {
    const { port, connection } = await meteredServer();
    const request = RawWebSocket.upgradeRequestTo('/api/ws?tab=abcdefgh', 'User-Agent: inspector-test/1.0\r\n');
    const client = await RawWebSocket.open(port, request);
    const { meter, ws } = await connection;

    const text = 'x'.repeat(130);
    meter.sentText(text, text.length, text.length);
    ws.send(text);
    const sent = await client.next((received) => received === text);
    expect(meter.inspect().lastDown).toEqual({
      header: formatHex(sent.header),
      fin: true,
      opcode: OPCODES.text,
      masked: false,
      payload: { text, bytes: 130 },
    });

    client.ping('up?');
    const pong = await vi.waitFor(() => {
      const found = client.received.find((frame) => frame.opcode === OPCODES.pong);
      if (!found) throw new Error('no pong yet');
      return found;
    });
    const ping = client.sent.at(-1);
    const inspected = meter.inspect();
    expect(inspected.handshake).toEqual({
      request: { text: request, bytes: request.length },
      response: { text: client.upgradeResponse, bytes: client.upgradeResponse.length },
      counted: { up: request.length, down: client.upgradeResponse.length },
    });
    expect(inspected.lastDown).toEqual({
      header: formatHex(pong.header),
      fin: true,
      opcode: OPCODES.pong,
      masked: false,
      payload: { text: 'up?', bytes: 3 },
    });
    expect(inspected.lastUp).toEqual({
      header: ping && formatHex(ping.header),
      fin: true,
      opcode: OPCODES.ping,
      masked: true,
      payload: { text: 'up?', bytes: 3 },
    });
    // The text whole as payload and tick data; the ping (6 + 3) and its pong (2 + 3) whole as pings.
    expect([meter.payloadBytes, meter.tickBytes, meter.pingBytes]).toEqual([130, 130, 14]);
  });
});
