import type { Database } from '../../../db/client';
import type { Clock } from '../../../server/clock';
import type { DispatcherDeps } from '../../../server/webhooks/dispatcher';

/** The dispatcher as the Node entry builds it, minus DNS (tests target 127.0.0.1 with private targets allowed). */
export function testDispatcherDeps(db: Database, clock: Clock, extra: Partial<DispatcherDeps> = {}): DispatcherDeps & { logs: Record<string, unknown>[] } {
  const logs: Record<string, unknown>[] = [];
  return { db, clock, logger: (line) => logs.push(line), allowPrivateTargets: true, timeoutMs: 2000, logs, ...extra };
}
