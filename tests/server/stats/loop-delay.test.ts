import { describe, expect, it } from 'vitest';
import { LoopDelay } from '../../../server/stats/loop-delay';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function holdTheLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) Math.sqrt(Math.random());
}

describe('LoopDelay', () => {
  it('should see a block that begins right after a read, in the next read', async () => {
    const delay = new LoopDelay(10);
    try {
      await settle(100);
      delay.read();
      holdTheLoop(300);
      await settle(50);
      const figures = delay.read();
      expect(figures?.maxMs).toBeGreaterThan(250);
      expect(figures?.p99Ms).toBeGreaterThan(0);
    } finally {
      delay.close();
    }
  });

  it('should start over at each read', async () => {
    const delay = new LoopDelay(10);
    try {
      await settle(50);
      holdTheLoop(300);
      await settle(50);
      expect(delay.read()?.maxMs).toBeGreaterThan(250);
      // In the same turn, the timer has not run since: nothing recorded, the block forgotten.
      expect(delay.read()).toBeNull();
    } finally {
      delay.close();
    }
  });

  it('should have nothing to say before its timer has run', () => {
    const delay = new LoopDelay(10);
    try {
      expect(delay.read()).toBeNull();
    } finally {
      delay.close();
    }
  });
});
