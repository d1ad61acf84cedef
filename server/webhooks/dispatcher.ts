// The dispatcher: one plain function, called in a loop by the Node entry and from a cron trigger on Workers.
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { webhookDeliveries, webhookEndpoints } from '../../db/schema';
import type { Clock } from '../clock';
import { plainSecretBox, SecretBoxError, type SecretBox } from '../crypto/secret-box';
import { openEndpointSecrets } from '../services/webhooks/secrets';
import type { Logger } from '../logger';
import { claimDueDeliveries, type ClaimedDelivery } from './claim';
import { judgeOutcome } from './outcome';
import { postWebhook, type PostOutcome } from './post';
import { recordDeliveredBatch, recordFailedAttempt, type DeliveredAttempt, type EndpointState } from './record-attempt';
import { delightedSignature } from './delighted';
import { signWebhook } from './signing';
import { checkTargetAtDelivery, type HostResolver } from './target-safety';

export type DispatcherDeps = {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** Tests and the Worker may pass their own; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Node: nodeHostResolver (server/webhooks/node-resolver.ts). Absent on Workers. */
  resolveHost?: HostResolver;
  /** KIZUNA_ALLOW_PRIVATE_WEBHOOKS=true: allow loopback and private targets (development, tests). */
  allowPrivateTargets: boolean;
  /** Opens signing secrets stored sealed (KIZUNA_ENCRYPTION_KEY); absent: secrets are stored plain. */
  secretBox?: SecretBox;
  /** Per attempt, connection to last byte read. */
  timeoutMs?: number;
  /** An endpoint failing without a single success for this long is disabled. */
  disableAfterMs?: number;
};

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_DISABLE_AFTER_MS = 5 * 24 * 3600_000;
/** Several endpoints are posted to at once; deliveries to one endpoint go one after the other, in order. */
const ENDPOINTS_IN_PARALLEL = 16;

export type DispatchSummary = { claimed: number; delivered: number; failed: number };

export async function dispatchDueDeliveries(
  deps: DispatcherDeps,
  options: { limit?: number; now?: Date } = {},
): Promise<DispatchSummary> {
  const limit = options.limit ?? 100;
  const now = options.now ?? deps.clock.now();
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Long enough for every claimed row of one endpoint to be posted one after another at full timeout would
  // be too long to recover from a crash; instead rows whose turn comes too late are handed back (see below).
  const leaseMs = Math.max(60_000, timeoutMs * 6);
  const leaseUntil = new Date(now.getTime() + leaseMs);

  const claimed = await claimDueDeliveries(deps.db, { now, limit, leaseUntil });
  const summary: DispatchSummary = { claimed: claimed.length, delivered: 0, failed: 0 };
  if (claimed.length === 0) return summary;

  const byId = await endpointsOf(deps.db, claimed);
  const queues = new Map<string, ClaimedDelivery[]>();
  for (const delivery of claimed) queues.set(delivery.endpointId, [...(queues.get(delivery.endpointId) ?? []), delivery]);

  const work = [...queues.entries()];
  const workers = Array.from({ length: Math.min(ENDPOINTS_IN_PARALLEL, work.length) }, async () => {
    for (let next = work.shift(); next; next = work.shift()) {
      const [endpointId, queue] = next;
      await deliverQueue(deps, byId.get(endpointId)!, queue, { leaseUntil, timeoutMs, summary });
    }
  });
  await Promise.all(workers);
  return summary;
}

/**
 * Posts one endpoint's claimed deliveries in commit order, stopping when the endpoint needs to back off.
 * Successes are recorded together (recordDeliveredBatch) when the run ends or before a failure is recorded,
 * so a healthy endpoint costs one statement per batch instead of a transaction per event.
 */
async function deliverQueue(
  deps: DispatcherDeps,
  endpoint: EndpointState,
  queue: ClaimedDelivery[],
  run: { leaseUntil: Date; timeoutMs: number; summary: DispatchSummary },
) {
  const delivered: DeliveredAttempt[] = [];
  // Opened once per run and endpoint; a secret that does not open fails each attempt with the reason.
  const secrets = openEndpointSecrets(deps.db, deps.secretBox ?? plainSecretBox, endpoint);
  secrets.catch(() => {});
  const flush = async () => {
    if (delivered.length === 0) return;
    await recordDeliveredBatch(deps.db, endpoint.projectId, delivered.splice(0), deps.clock.now(), run.leaseUntil);
    if (endpoint.failingSince || endpoint.backoffUntil) {
      await deps.db
        .update(webhookEndpoints)
        .set({ failingSince: null, backoffUntil: null })
        .where(and(eq(webhookEndpoints.projectId, endpoint.projectId), eq(webhookEndpoints.id, endpoint.id)));
      endpoint = { ...endpoint, failingSince: null, backoffUntil: null };
    }
  };
  try {
    for (let i = 0; i < queue.length; i++) {
      const delivery = queue[i]!;
      const startedAt = deps.clock.now();
      if (run.leaseUntil.getTime() - startedAt.getTime() < run.timeoutMs * 2) {
        // Too close to the lease's end to post safely: hand the rest back rather than risk a double send.
        await releaseUnattempted(deps.db, endpoint.projectId, queue.slice(i).map((d) => d.id), startedAt);
        return;
      }
      const outcome = await attempt(deps, endpoint, secrets, delivery, startedAt, run.timeoutMs);
      const verdict = judgeOutcome(outcome);
      if (verdict === 'delivered') {
        run.summary.delivered++;
        delivered.push({ delivery, outcome, startedAt });
        continue;
      }
      run.summary.failed++;
      await flush();
      const goOn = await recordFailedAttempt(deps.db, {
        delivery,
        endpoint,
        outcome,
        verdict,
        startedAt,
        now: deps.clock.now(),
        leaseUntil: run.leaseUntil,
        heldIds: queue.slice(i + 1).map((d) => d.id),
        disableAfterMs: deps.disableAfterMs ?? DEFAULT_DISABLE_AFTER_MS,
      });
      deps.logger({ level: 'warn', msg: 'webhook attempt failed', deliveryId: delivery.id, endpointId: endpoint.id, status: outcome.statusCode, error: outcome.error });
      if (!goOn) return;
      if (!endpoint.failingSince) endpoint = { ...endpoint, failingSince: startedAt };
    }
  } finally {
    await flush();
  }
}

async function attempt(
  deps: DispatcherDeps,
  endpoint: EndpointState,
  opened: Promise<{ secret: string; previousSecret: string | null }>,
  delivery: ClaimedDelivery,
  at: Date,
  timeoutMs: number,
): Promise<PostOutcome> {
  const target = await checkTargetAtDelivery(endpoint.url, { allowPrivate: deps.allowPrivateTargets, resolveHost: deps.resolveHost });
  if (!target.ok) return { statusCode: null, durationMs: 0, error: `Refused: ${target.reason}`, responseBody: null };
  let open;
  try {
    open = await opened;
  } catch (err) {
    if (!(err instanceof SecretBoxError)) throw err;
    return { statusCode: null, durationMs: 0, error: `Not sent: the signing secret cannot be read. ${err.message}`, responseBody: null };
  }
  const secrets = [open.secret];
  if (open.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt.getTime() > at.getTime()) {
    secrets.push(open.previousSecret);
  }
  const headers = signWebhook(secrets, delivery.eventId, at, delivery.body);
  // Delighted signed with one secret: the current one (Standard Webhooks carries the previous one too).
  const delighted = endpoint.format === 'delighted' ? await delightedSignature(open.secret, delivery.body) : {};
  return postWebhook({ url: endpoint.url, body: delivery.body, headers: { ...headers, ...delighted }, timeoutMs, fetch: deps.fetch });
}

/** The endpoints of the claimed deliveries, read project by project. */
async function endpointsOf(db: Database, claimed: ClaimedDelivery[]): Promise<Map<string, EndpointState>> {
  const idsByProject = new Map<string, Set<string>>();
  for (const { projectId, endpointId } of claimed) idsByProject.set(projectId, (idsByProject.get(projectId) ?? new Set()).add(endpointId));
  const perProject = await Promise.all(
    [...idsByProject].map(([projectId, ids]) =>
      db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.projectId, projectId), inArray(webhookEndpoints.id, [...ids]))),
    ),
  );
  return new Map(perProject.flat().map((endpoint) => [endpoint.id, endpoint]));
}

async function releaseUnattempted(db: Database, projectId: string, ids: string[], now: Date) {
  await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: now })
    .where(and(eq(webhookDeliveries.projectId, projectId), inArray(webhookDeliveries.id, ids)));
}

/** For a cron trigger (Workers): dispatch batch after batch until nothing is due or the time budget is spent. */
export async function drainDueDeliveries(
  deps: DispatcherDeps,
  options: { limit?: number; budgetMs?: number } = {},
): Promise<DispatchSummary> {
  const total: DispatchSummary = { claimed: 0, delivered: 0, failed: 0 };
  const limit = options.limit ?? 100;
  const deadline = Date.now() + (options.budgetMs ?? 20_000);
  while (Date.now() < deadline) {
    const batch = await dispatchDueDeliveries(deps, { limit });
    total.claimed += batch.claimed;
    total.delivered += batch.delivered;
    total.failed += batch.failed;
    if (batch.claimed < limit) break;
  }
  return total;
}
