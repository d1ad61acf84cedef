// The cron trigger folds answers into the hourly rollups and delivers webhooks: scheduled() in workerd claims the outbox rows the API wrote and posts
// them, signed, to a real receiver. Worker target only (npm run test:worker).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client';
import { startTestApi, type TestApi } from '../support/api';
import { onWorker } from '../support/target';
import { RUN_SCHEDULED_PATH } from './hooks';
import { answer, projectWithEndpoint } from '../webhooks/support/project';
import { startReceiver, type Receiver } from '../webhooks/support/receiver';
import { verifyDelivery } from '../webhooks/support/verify';

let api: TestApi;
let receiver: Receiver;
beforeAll(async () => {
  if (!onWorker) return;
  // The receiver listens on 127.0.0.1, a private address the dispatcher refuses unless told otherwise.
  api = await startTestApi({ config: { allowPrivateWebhooks: true } });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await api?.close();
});

/** What Cloudflare does every minute (the test entry runs scheduled() on this path). */
async function runCron() {
  const res = await api.fetch(new Request(`http://kizuna.test${RUN_SCHEDULED_PATH}`));
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

describe.runIf(onWorker)('scheduled() on the Worker', () => {
  it('delivers due webhooks, signed per Standard Webhooks, and each only once', async () => {
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const stored = await answer(api, project.secretKey, { surveyId, score: 10, comment: 'Fast and friendly' });
    expect(receiver.received).toHaveLength(0); // nothing goes out before the dispatcher runs

    await runCron();
    expect(receiver.received).toHaveLength(1);
    const event = verifyDelivery(endpoint.secret, receiver.received[0]!);
    expect(event.type).toBe('response.created');
    expect(event.data).toMatchObject({ id: stored.id, score: 10, comment: 'Fast and friendly' });

    await runCron();
    expect(receiver.received).toHaveLength(1);
  });

  it('folds answers into the hourly rollups', async () => {
    const { project, surveyId } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const stored = await answer(api, project.secretKey, { surveyId, score: 3 });
    // Dated an hour back, so the fold (which stops a little behind the clock) passes it.
    await api.db.db.execute(sql`update responses set created_at = now() - interval '1 hour' where project_id = ${project.id} and id = ${stored.id}`);
    await runCron();
    const [folded] = rowsOf<{ detractors: number; marked: boolean }>(
      await api.db.db.execute(sql`
        select (select coalesce(sum(detractors), 0)::int from response_rollups where project_id = ${project.id}) as detractors,
               exists (select 1 from rollup_watermarks where project_id = ${project.id} and folded_to > now() - interval '1 hour') as marked`),
    );
    expect(folded).toEqual({ detractors: 1, marked: true });
    const nps = await api.request('GET', `/v1/metrics/nps`, { key: project.secretKey });
    expect(nps.body).toMatchObject({ n: 1, nps: -100 });
  });
});
