import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

// A small closed-loop load generator: `concurrency` workers each send requests back to back until
// `total` requests are done. Reports throughput and latency percentiles. Loopback only.

export type LoadResult = { requests: number; seconds: number; perSecond: number; p50: number; p99: number; errors: number };

export async function runLoad(options: { total: number; concurrency: number; send: (i: number) => Promise<boolean> }) {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.total) {
      const i = next++;
      const t0 = performance.now();
      const ok = await options.send(i).catch(() => false);
      latencies.push(performance.now() - t0);
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return { requests: latencies.length, seconds, perSecond: latencies.length / seconds, p50: pct(50), p99: pct(99), errors } satisfies LoadResult;
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

export function machineLine(): string {
  let cpu = cpus()[0]?.model ?? 'unknown CPU';
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux: keep os.cpus()' model name
  }
  return `${cpus().length} cores, ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}
