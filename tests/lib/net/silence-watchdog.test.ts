import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SilenceWatchdog } from '../../../lib/net/silence-watchdog';

/** A started watchdog with the given limit, and the spy it calls on silence. */
function started(limitMs: number): { watchdog: SilenceWatchdog; onSilence: ReturnType<typeof vi.fn> } {
  const onSilence = vi.fn();
  const watchdog = new SilenceWatchdog({ limitMs, onSilence });
  watchdog.start();
  return { watchdog, onSilence };
}

describe('SilenceWatchdog', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should stay quiet while news keeps coming', async () => {
    const { watchdog, onSilence } = started(3000);
    for (let i = 0; i < 100; i++) {
      await vi.advanceTimersByTimeAsync(100);
      watchdog.heard();
    }
    expect(onSilence).not.toHaveBeenCalled();
    watchdog.stop();
  });

  it('should fire once a silence reaches the limit, at most a tenth of it late, and only once', async () => {
    const { watchdog, onSilence } = started(3000);
    await vi.advanceTimersByTimeAsync(2900);
    expect(onSilence).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(400);
    expect(onSilence).toHaveBeenCalledTimes(1);
    expect(onSilence.mock.calls[0]?.[0]).toBeGreaterThanOrEqual(3000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onSilence).toHaveBeenCalledTimes(1);
    watchdog.stop();
  });

  it('should fire again for a new silence after hearing something', async () => {
    const { watchdog, onSilence } = started(1000);
    await vi.advanceTimersByTimeAsync(1200);
    watchdog.heard();
    await vi.advanceTimersByTimeAsync(1200);
    expect(onSilence).toHaveBeenCalledTimes(2);
    watchdog.stop();
  });

  it('should not fire after being stopped', async () => {
    const { watchdog, onSilence } = started(1000);
    watchdog.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(onSilence).not.toHaveBeenCalled();
  });
});
