import { describe, expect, it } from 'vitest';
import { MarketEngine, type TickOrigin } from '../../../lib/market/market-engine';
import { marketStateSchema } from '../../../lib/market/market-state';
import type { Tick } from '../../../lib/protocol/tick';

const CONFIG = { symbols: 30, seed: 11, tickIntervalMs: 100 };

function stepMany(engine: MarketEngine, count: number): Tick[] {
  return Array.from({ length: count }, () => engine.step());
}

/** A tick without its timestamp: what two engines must agree on whoever made it. */
const content = ({ epoch, seq, updates }: Tick) => ({ epoch, seq, updates });

/** The state as it travels through Redis: JSON text, parsed and validated again. */
function throughJson(engine: MarketEngine) {
  return marketStateSchema.parse(JSON.parse(JSON.stringify(engine.state())));
}

describe('MarketEngine handing a market over', () => {
  it('should make, after adopting a saved state, exactly the ticks the saving engine goes on to make', () => {
    const leader = new MarketEngine(CONFIG, { epoch: 77 });
    stepMany(leader, 137);
    const successor = new MarketEngine(CONFIG, { epoch: 5 });
    successor.adopt(throughJson(leader));
    expect(successor.epoch).toBe(77);
    expect(successor.latestSeq).toBe(137);
    expect(successor.snapshot().prices).toEqual(leader.snapshot().prices);
    const expected = stepMany(leader, 200).map(content);
    expect(stepMany(successor, 200).map(content)).toEqual(expected);
    expect(expected.flatMap((tick) => tick.updates).length).toBeGreaterThan(200);
  });

  it('should replay a leader tick by tick, keep its timestamps, and then lead on where it stopped', () => {
    const leader = new MarketEngine(CONFIG, { epoch: 9, now: () => 1_000 });
    const follower = new MarketEngine(CONFIG, { epoch: 9, now: () => 2_000_000 });
    const origins: TickOrigin[] = [];
    const seen: Tick[] = [];
    follower.onTick((tick, origin) => {
      origins.push(origin);
      seen.push(tick);
    });
    for (const tick of stepMany(leader, 60)) expect(follower.replay(tick)).toBe(true);
    expect(seen.map((tick) => tick.ts)).toEqual(Array(60).fill(1_000));
    expect(follower.history().map(content)).toEqual(leader.history().map(content));

    const next = stepMany(leader, 40).map(content);
    expect(stepMany(follower, 40).map(content)).toEqual(next);
    expect(origins).toEqual([...Array<TickOrigin>(60).fill('replayed'), ...Array<TickOrigin>(40).fill('made')]);
  });

  it('should refuse to replay a tick it would not have made, one out of order, or one of another epoch', () => {
    const leader = new MarketEngine(CONFIG, { epoch: 3 });
    const follower = new MarketEngine(CONFIG, { epoch: 3 });
    const [first, second] = stepMany(leader, 2) as [Tick, Tick];
    expect(follower.replay(second)).toBe(false);
    expect(follower.replay({ ...first, epoch: 4 })).toBe(false);
    expect(follower.latestSeq).toBe(0);
    expect(follower.replay(first)).toBe(true);
    const [index, cents] = second.updates[0]!;
    expect(follower.replay({ ...second, updates: [[index, cents + 1], ...second.updates.slice(1)] })).toBe(false);
  });

  it('should keep the history when the state follows straight on, and rebuild it from recent ticks when not', () => {
    const leader = new MarketEngine(CONFIG, { epoch: 21 });
    const ticks = stepMany(leader, 50);
    const state = throughJson(leader);

    const late = new MarketEngine(CONFIG, { epoch: 21 });
    late.adopt(state, ticks.slice(10));
    expect(late.history().map((tick) => tick.seq)).toEqual(ticks.slice(10).map((tick) => tick.seq));
    expect(late.ticksAfter(30, 5).ticks.map(content)).toEqual(leader.ticksAfter(30, 5).ticks.map(content));

    const holed = new MarketEngine(CONFIG, { epoch: 21 });
    holed.adopt(state, [...ticks.slice(0, 20), ...ticks.slice(21)]);
    expect(holed.history().map((tick) => tick.seq)).toEqual(ticks.slice(21).map((tick) => tick.seq));

    const stale = new MarketEngine(CONFIG, { epoch: 21 });
    stale.adopt(state, ticks.slice(0, 49));
    expect(stale.history()).toEqual([]);
    expect(stale.latestSeq).toBe(50);
  });

  it('should refuse a state of a market configured otherwise', () => {
    const other = new MarketEngine({ ...CONFIG, symbols: 31 });
    expect(() => new MarketEngine(CONFIG).adopt(throughJson(other))).toThrow(/same configuration/);
  });

  it('should not validate a state whose prices do not match its symbols', () => {
    const state = new MarketEngine(CONFIG).state();
    const parsed = marketStateSchema.safeParse({ ...state, exactPrices: state.exactPrices.slice(1) });
    expect(parsed.success).toBe(false);
  });
});
