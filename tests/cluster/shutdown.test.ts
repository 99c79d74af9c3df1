import { describe, expect, it, onTestFinished } from 'vitest';
import { SHUTDOWN_EVENT } from '../../lib/protocol/socket-events';
import { startApp, type AppProcess } from '../support/app-process';
import { connectClient, newTabId } from '../support/socket-client';
import { startRedis } from '../support/redis-server';

// The real server/main.ts with its pages, shut down by a signal; tests/server/graceful-shutdown.test.ts
// checks each step on the same code without the pages.

const EXIT_WITHIN_MS = 5000;

async function started(args: readonly string[], ready: (output: string) => boolean = () => true): Promise<AppProcess> {
  const app = await startApp(args);
  onTestFinished(() => app.kill());
  const deadline = Date.now() + 30_000;
  while (!ready(app.output())) {
    if (Date.now() > deadline) throw new Error(`not ready:\n${app.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return app;
}

/** A subscriber, and once it drops, whether the server told it first. */
async function subscriber(app: AppProcess): Promise<{ told: Promise<boolean> }> {
  const client = await connectClient(app.url, newTabId());
  await client.emitWithAck('subscribe', {});
  let told = false;
  client.once(SHUTDOWN_EVENT, () => (told = true));
  return { told: new Promise((resolve) => client.once('disconnect', () => resolve(told))) };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('shutdown of the app as npm start runs it', () => {
  it('should close the pages too and exit with 0 within 5 s of SIGTERM', async () => {
    const app = await started([]);
    const { told } = await subscriber(app);
    // A page request first, so Next.js has work of its own to close.
    expect((await fetch(app.url)).status).toBe(200);

    const start = performance.now();
    app.signal('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(performance.now() - start).toBeLessThan(EXIT_WITHIN_MS);
    expect(await told).toBe(true);
    expect(app.output()).toContain('Shutdown: done');
  });

  it('should stop every worker and exit with 0 within 5 s of SIGTERM to the primary of --workers 2', async () => {
    const redis = await startRedis();
    onTestFinished(() => redis.stop());
    const app = await started(['--redis-url', redis.url, '--workers', '2'], (output) => (output.match(/Live ticker on/g) ?? []).length === 2);
    const workers = [...app.output().matchAll(/started worker \d+ as process (\d+)/g)].map((match) => Number(match[1]));
    expect(workers).toHaveLength(2);
    const subscribers = await Promise.all([subscriber(app), subscriber(app)]);

    const start = performance.now();
    app.signal('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(performance.now() - start).toBeLessThan(EXIT_WITHIN_MS);
    expect(await Promise.all(subscribers.map(({ told }) => told))).toEqual([true, true]);
    expect(workers.filter(isRunning)).toEqual([]);
    expect(app.output()).toMatch(/SIGTERM: stopping 2 workers/);
    expect((app.output().match(/Shutdown: left the shared market/g) ?? []).length).toBe(2);
    expect(app.output()).toContain('Workers: all stopped');
  });
});
