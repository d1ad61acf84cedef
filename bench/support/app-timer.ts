import type { Hono } from 'hono';

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
