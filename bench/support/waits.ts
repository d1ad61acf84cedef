import postgres from 'postgres';

export type WaitSample = { samples: number; busy: number; onLock: number; onLockNotExtend: number; events: Map<string, number> };

/**
 * Samples pg_stat_activity every `everyMs` while work runs: how many of the database's client connections
 * are busy (running a statement, or idle in a transaction), how many of those wait on a lock held by another
 * transaction (wait_event_type Lock: a row's transaction id, an advisory lock, a relation), and which wait
 * events show up. Its own connection, excluded from the counts.
 */
export function startWaitSampler(url: string, everyMs = 20) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const result: WaitSample = { samples: 0, busy: 0, onLock: 0, onLockNotExtend: 0, events: new Map() };
  let stopped = false;
  const running = (async () => {
    while (!stopped) {
      const rows = await sql<{ wait_event_type: string | null; wait_event: string | null }[]>`
        select wait_event_type, wait_event from pg_stat_activity
        where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()
          and state in ('active', 'idle in transaction')`;
      result.samples++;
      for (const row of rows) {
        result.busy++;
        if (row.wait_event_type === 'Lock') result.onLock++;
        if (row.wait_event_type === 'Lock' && row.wait_event !== 'extend') result.onLockNotExtend++;
        const event = row.wait_event_type ? `${row.wait_event_type}:${row.wait_event}` : 'CPU (no wait)';
        result.events.set(event, (result.events.get(event) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await running;
      await sql.end();
      return result;
    },
  };
}

/**
 * "3.1 % (1.0 % not extend) | CPU 40 %, IO:WALSync 30 %, …": the share of busy connections waiting on a lock
 * (and on one other than the relation extension lock, which concurrent inserts into one table take in turns
 * whatever triggers it has), then the top wait events.
 */
export function describeWaits(sample: WaitSample, top = 4): string {
  const pct = (n: number) => `${sample.busy ? ((100 * n) / sample.busy).toFixed(1) : '0.0'} %`;
  const events = [...sample.events.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return `${pct(sample.onLock)} (${pct(sample.onLockNotExtend)} not extend) | ${events.map(([event, n]) => `${event} ${pct(n)}`).join(', ')}`;
}
