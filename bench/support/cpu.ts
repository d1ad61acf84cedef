import { readdirSync, readFileSync } from 'node:fs';

const USER_HZ = 100; // clock ticks per second in /proc on Linux

/**
 * Milliseconds of CPU the whole machine has spent (every process, user + system + interrupts), from
 * /proc/stat; null where there is none. On a machine that runs the load generator, the server and Postgres,
 * CPU per request is the figure that throughput follows once the cores are busy.
 */
export function machineCpuMs(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq] = fields;
    return ((user! + nice! + system! + irq! + softirq!) * 1000) / USER_HZ;
  } catch {
    return null;
  }
}

/**
 * Milliseconds of CPU (user + system) spent so far by the local PostgreSQL's processes: every process named
 * `postgres`, backends and background workers alike. Null where /proc is missing or none is found. Backends
 * that exit between two readings drop out of the sum, so measure over connections held open (pools).
 */
export function postgresCpuMs(): number | null {
  try {
    let ticks = 0;
    let found = false;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // the process ended while we looked
      }
      // "pid (comm) state ..." — comm may hold spaces, so split after its closing parenthesis.
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the whole line)
      found = true;
    }
    return found ? (ticks * 1000) / USER_HZ : null;
  } catch {
    return null;
  }
}

export type CpuPerRequest = { cpuMsPerRequest: number | null; postgresCpuMsPerRequest: number | null };

/** Runs `work` and returns its result with the CPU milliseconds spent per request: the machine's, and Postgres's share. */
export async function withMachineCpu<T extends { requests: number }>(work: () => Promise<T>): Promise<T & CpuPerRequest> {
  const before = { machine: machineCpuMs(), postgres: postgresCpuMs() };
  const result = await work();
  const after = { machine: machineCpuMs(), postgres: postgresCpuMs() };
  const perRequest = (a: number | null, b: number | null) => (a === null || b === null ? null : (b - a) / result.requests);
  return {
    ...result,
    cpuMsPerRequest: perRequest(before.machine, after.machine),
    postgresCpuMsPerRequest: perRequest(before.postgres, after.postgres),
  };
}
