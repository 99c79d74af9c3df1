import { describe, expect, it } from 'vitest';
import { marketInfoSchema } from '../../../lib/protocol/market-info';
import { decodeTick } from '../../../lib/protocol/tick-codec';
import { MARKET_PATH } from '../../../lib/protocol/market-info';
import { pollText, tickTextsOf } from '../support/poll-client';
import { startTestServer, TEST_EPOCH } from '../../support/start-test-server';

describe('market endpoint', () => {
  it('should describe the symbols, the snapshot and the held history', async () => {
    const server = await startTestServer({ symbols: 3, tickIntervalMs: 1000, historySeconds: 60 });
    server.step(70);

    const response = await fetch(`${server.url}${MARKET_PATH}`);
    expect(response.status).toBe(200);
    const info = marketInfoSchema.parse(await response.json());
    expect(info).toMatchObject({ epoch: TEST_EPOCH, tickIntervalMs: 1000, historyCapacity: 60 });
    expect(info.symbols.map(({ symbol }) => symbol)).toEqual(['ACME', 'BOLT', 'CRUX']);
    expect(info.snapshot).toEqual(server.engine.snapshot());
    const history = info.history.map((wire) => decodeTick(wire));
    expect(history.map((tick) => tick.seq)).toEqual(Array.from({ length: 60 }, (_, i) => 11 + i));
    expect(history).toEqual(server.engine.history());
  });

  it('should serve its history in the very text the poll endpoint serves', async () => {
    const server = await startTestServer();
    server.step(5);

    const market = await (await fetch(`${server.url}${MARKET_PATH}`)).text();
    const history = market.slice(market.indexOf('"history":[') + '"history":['.length, -2).match(/\[[^\]]*\]/g);
    expect(history).toEqual(tickTextsOf((await pollText(server.url, 'since=0')).text));
  });

  it('should refuse POST with 405', async () => {
    const server = await startTestServer();

    const response = await fetch(`${server.url}${MARKET_PATH}`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
