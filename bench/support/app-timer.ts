import type { Hono } from 'hono';
import type { Database } from '../../db/client';
import { createApp } from '../../server/app';
import { hashKey } from '../../server/auth/keys';
import { createRateLimiter } from '../../server/auth/rate-limit';
import { systemClock } from '../../server/clock';
import { defaultConfig } from '../../server/config';
import { silentLogger } from '../../server/logger';

/** The app in this process on a bench database, as the server would build it, with no log output. */
export async function createBenchApp(db: Database) {
  return createApp({
    db,
    config: { ...defaultConfig, adminKeyHash: await hashKey('bench_admin_key_0123456789abcdefghijklmnop') },
    clock: systemClock,
    logger: silentLogger,
    rateLimiter: createRateLimiter(),
  });
}

/**
 * Times GET `path` on the app in this process (no HTTP, so the figure is the API's own work) `runs` times
 * with `key`, and returns the median in milliseconds. Any status but 200 stops the benchmark.
 */
export function medianGetMs(app: Pick<Hono, 'request'>, key: string, runs: number) {
  return async (path: string) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const res = await app.request(path, { headers: { authorization: `Bearer ${key}` } });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  };
}
