import { readFileSync } from 'node:fs';

/**
 * Milliseconds of CPU the whole machine has spent (every process, user + system + interrupts), from
 * /proc/stat; null where there is none. On a machine that runs the load generator, the server and Postgres,
 * CPU per request is the figure that throughput follows once the cores are busy.
 */
export function machineCpuMs(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq] = fields;
    return ((user! + nice! + system! + irq! + softirq!) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** Runs `work` and returns its result with the machine's CPU milliseconds spent per unit of it. */
export async function withMachineCpu<T extends { requests: number }>(work: () => Promise<T>): Promise<T & { cpuMsPerRequest: number | null }> {
  const before = machineCpuMs();
  const result = await work();
  const after = machineCpuMs();
  return { ...result, cpuMsPerRequest: before === null || after === null ? null : (after - before) / result.requests };
}
