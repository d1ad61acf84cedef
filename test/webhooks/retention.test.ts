// The delivery log does not grow forever: finished deliveries past their retention are deleted with their
// attempts, oldest first, in batches; pending ones are still owed and stay, however old.
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { webhookAttempts, webhookDeliveries } from '../../db/schema';
import { configFromEnv } from '../../server/config';
import { pruneFinishedDeliveries, retentionCutoff } from '../../server/webhooks/retention';
import { startTestApi, type TestApi } from '../support/api';
import { describeInProcess } from '../support/target';
import { answer, projectWithEndpoint } from './support/project';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ config: { allowPrivateWebhooks: true } });
});
afterAll(() => api.close());

const DAY = 86_400_000;

describeInProcess('webhook delivery retention', () => {
  it('deletes finished deliveries older than the cut-off with their attempts, and keeps pending and recent ones', async () => {
    const db = api.db.db;
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: 'http://127.0.0.1:9/hook', events: ['response.created'] });
    for (let i = 0; i < 5; i++) await answer(api, project.secretKey, { surveyId, score: 9 });
    const rows = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id)).orderBy(webhookDeliveries.seq);
    expect(rows).toHaveLength(5);
    const now = Date.now();
    // [age in days, status]: two old finished ones, one old but still owed, two recent finished ones.
    const plan: [number, 'delivered' | 'failed' | 'pending'][] = [[40, 'delivered'], [35, 'failed'], [60, 'pending'], [10, 'delivered'], [1, 'failed']];
    for (const [i, [days, status]] of plan.entries()) {
      await db
        .update(webhookDeliveries)
        .set({ status, createdAt: new Date(now - days * DAY), deliveredAt: status === 'delivered' ? new Date(now - days * DAY) : null })
        .where(eq(webhookDeliveries.id, rows[i]!.id));
      await db.insert(webhookAttempts).values({ id: `att_${i}_${rows[i]!.id}`, projectId: project.id, deliveryId: rows[i]!.id, startedAt: new Date(now - days * DAY), durationMs: 12, statusCode: status === 'delivered' ? 200 : 500 });
    }

    // Batches of one, so the loop over batches is what finds the second.
    const deleted = await pruneFinishedDeliveries(db, { before: retentionCutoff(new Date(now), 30)!, batchSize: 1 });
    expect(deleted).toBe(2);
    const left = await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(left.map((r) => r.id).sort()).toEqual([rows[2]!.id, rows[3]!.id, rows[4]!.id].sort());
    const attempts = await db.select({ deliveryId: webhookAttempts.deliveryId }).from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, rows.map((r) => r.id)));
    expect(attempts.map((a) => a.deliveryId).sort()).toEqual([rows[2]!.id, rows[3]!.id, rows[4]!.id].sort());
    // The delivery log the API shows has lost exactly those two.
    const log = await api.request('GET', `/v1/webhooks/${endpoint.id}/deliveries?limit=50`, { key: project.secretKey });
    expect(log.body.data).toHaveLength(3);

    // Nothing more to do: a second sweep deletes nothing.
    expect(await pruneFinishedDeliveries(db, { before: retentionCutoff(new Date(now), 30)!, batchSize: 1 })).toBe(0);
  });

  it('stops after its batch budget; the next sweep goes on', async () => {
    const db = api.db.db;
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: 'http://127.0.0.1:9/hook', events: ['response.created'] });
    for (let i = 0; i < 3; i++) await answer(api, project.secretKey, { surveyId, score: 9 });
    await db
      .update(webhookDeliveries)
      .set({ status: 'delivered', createdAt: sql`now() - interval '90 days'` })
      .where(eq(webhookDeliveries.endpointId, endpoint.id));
    const before = retentionCutoff(new Date(), 30)!;
    expect(await pruneFinishedDeliveries(db, { before, batchSize: 1, maxBatches: 2 })).toBe(2);
    expect(await pruneFinishedDeliveries(db, { before, batchSize: 1, maxBatches: 2 })).toBe(1);
  });

  it('keeps 30 days unless told otherwise; 0 keeps everything; nonsense is refused at start', () => {
    expect(configFromEnv({}, null).webhookRetentionDays).toBe(30);
    expect(configFromEnv({ KIZUNA_WEBHOOK_RETENTION_DAYS: '7' }, null).webhookRetentionDays).toBe(7);
    expect(configFromEnv({ KIZUNA_WEBHOOK_RETENTION_DAYS: '0' }, null).webhookRetentionDays).toBeNull();
    expect(retentionCutoff(new Date(), null)).toBeNull();
    expect(() => configFromEnv({ KIZUNA_WEBHOOK_RETENTION_DAYS: 'a month' }, null)).toThrow(/KIZUNA_WEBHOOK_RETENTION_DAYS/);
  });
});
