// The one-statement ingest path (server/services/responses/one-statement.ts): which answers it takes, that it
// writes exactly what the transaction path writes, and that cached project settings never outlive a change.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { followUpEvents, followUps, followUpRules, projects, responses, webhookDeliveries } from '../../db/schema';
import type { ProjectCtx } from '../../server/services/context';
import { ingestSettings } from '../../server/services/responses/ingest-settings';
import { storeInOneStatement } from '../../server/services/responses/one-statement';
import { submitInTransaction, type SubmitResponseInput } from '../../server/services/responses/submit';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';
import { usingPostgres, waitForLockWaiter } from '../support/database';
import { describeInProcess } from '../support/target';

const clock = testClock(new Date('2026-11-24T09:00:00Z'));
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ clock, config: { allowPrivateWebhooks: true } });
});
afterAll(() => api.close());

async function setUp(name: string) {
  const project = await api.createProject(name);
  const surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } })).body.id as string;
  const ctx: ProjectCtx = { db: api.db.db, projectId: project.id, clock };
  return { project, surveyId, ctx };
}

const settingsVersion = async (projectId: string) =>
  (await api.db.db.select({ v: projects.settingsVersion }).from(projects).where(eq(projects.id, projectId)))[0]!.v;

/** Everything stored because of one answer, with generated ids replaced by their position, so two paths compare. */
async function writtenFor(responseId: string) {
  const db = api.db.db;
  const [response] = await db.select().from(responses).where(eq(responses.id, responseId));
  const cases = await db.select().from(followUps).where(eq(followUps.responseId, responseId));
  const history = cases.length ? await db.select().from(followUpEvents).where(eq(followUpEvents.followUpId, cases[0]!.id)) : [];
  const outbox = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.projectId, response!.projectId));
  const ids = new Map<string, string>();
  const anonymize = (text: string) => text.replace(/idem-[AB]/g, 'idem-X').replace(/\b(rsp|fup|fev|evt|dlv)_[0-9A-Za-z]{20}\b/g, (id) => {
    if (!ids.has(id)) ids.set(id, `${id.slice(0, 3)}#${ids.size}`);
    return ids.get(id)!;
  });
  const mine = outbox.filter((d) => d.body.includes(responseId));
  const { seq: _a, ...firstDelivery } = mine[0] ?? ({} as any);
  return JSON.parse(
    anonymize(
      JSON.stringify({
        response,
        cases,
        history,
        deliveries: mine.map(({ seq: _seq, ...d }) => ({ ...d, body: JSON.parse(d.body) })),
        first: firstDelivery,
      }),
    ),
  );
}

describeInProcess('one-statement ingest', () => {
  it('stores a detractor, its case, its history and its webhook events exactly as the transaction path does', async () => {
    const { project, surveyId, ctx } = await setUp('Both paths');
    const hook = await api.request('POST', '/v1/webhooks', {
      key: project.secretKey,
      body: { url: 'http://127.0.0.1:9/hook', events: ['response.created', 'followup.opened'] },
    });
    expect(hook.status).toBe(201);
    await api.request('POST', '/v1/themes', { key: project.secretKey, body: { name: 'Speed', keywords: { en: ['slow'], ja: ['遅い'] } } });
    const input = (key: string): SubmitResponseInput => ({
      surveyId,
      score: 2,
      comment: '  Checkout is slow and the app crashes.  ',
      idempotencyKey: key,
      channel: 'web',
      locale: 'en',
      properties: { plan: 'pro' },
    });

    const viaStatement = await storeInOneStatement(ctx, input('idem-A'), 'Checkout is slow and the app crashes.', clock.now());
    expect(viaStatement).not.toBeNull(); // this answer is one the statement takes
    const viaTransaction = await submitInTransaction(ctx, input('idem-B'), 'Checkout is slow and the app crashes.', clock.now());

    const one = await writtenFor(viaStatement!.response.id);
    const other = await writtenFor(viaTransaction.response.id);
    expect(one.cases).toHaveLength(1);
    expect(one.history).toHaveLength(1);
    expect(one.deliveries.map((d: any) => d.eventType)).toEqual(['response.created', 'followup.opened']);
    expect(one.response.themes).toEqual(['Speed']);
    // Apart from the idempotency key each was sent with, the stored rows are the same.
    expect(one).toEqual(other);
    // What the API answered is what was stored.
    const fetched = await api.request('GET', `/v1/responses/${viaStatement!.response.id}`, { key: project.secretKey });
    expect(JSON.parse(JSON.stringify({ ...viaStatement!.response, projectId: undefined }))).toEqual(fetched.body);
  });

  it('takes named people, and leaves repeats, email-only people and rules that choose an assignee to the transaction', async () => {
    const { project, surveyId, ctx } = await setUp('Who takes what');
    const now = clock.now();
    const named = await storeInOneStatement(ctx, { surveyId, score: 9, person: { id: 'cus_1', email: 'a@example.com', traits: { plan: 'pro' } } }, null, now);
    expect(named?.response.personId).toMatch(/^per_/);
    // The same customer again, with a new trait: the same person, traits merged.
    const again = await storeInOneStatement(ctx, { surveyId, score: 3, person: { id: 'cus_1', traits: { seats: 5 } } }, null, now);
    expect(again?.response.personId).toBe(named!.response.personId);
    const person = await api.request('GET', `/v1/people/${named!.response.personId}`, { key: project.secretKey });
    expect(person.body).toMatchObject({ externalId: 'cus_1', email: 'a@example.com', traits: { plan: 'pro', seats: 5 } });
    const cases = await api.request('GET', '/v1/followups', { key: project.secretKey });
    expect(cases.body.data.map((c: any) => [c.responseId, c.personId])).toEqual([[again!.response.id, named!.response.personId]]);

    expect(await storeInOneStatement(ctx, { surveyId, score: 9, person: { email: 'b@example.com' } }, null, now)).toBeNull();
    await storeInOneStatement(ctx, { surveyId, score: 9, idempotencyKey: 'once' }, null, now);
    expect(await storeInOneStatement(ctx, { surveyId, score: 9, idempotencyKey: 'once' }, 'changed my mind', now)).toBeNull();

    const rule = await api.request('POST', '/v1/followup-rules', {
      key: project.secretKey,
      body: { name: 'Passives in turn', conditions: { categories: ['passive'] }, action: { assign: { mode: 'round_robin' } } },
    });
    expect(rule.status).toBe(201);
    expect(await storeInOneStatement(ctx, { surveyId, score: 7 }, null, now)).toBeNull();
    expect(await storeInOneStatement(ctx, { surveyId, score: 10 }, null, now)).not.toBeNull(); // no rule matches a promoter

    await api.request('POST', '/v1/followup-rules', {
      key: project.secretKey,
      body: { name: 'Enterprise', conditions: { traits: { plan: 'enterprise' } } },
    });
    // A rule on traits: the statement cannot know a named person's stored traits; without a person there are none.
    expect(await storeInOneStatement(ctx, { surveyId, score: 10, person: { id: 'cus_1' } }, null, now)).toBeNull();
    expect(await storeInOneStatement(ctx, { surveyId, score: 10 }, null, now)).not.toBeNull();
  });

  it('answers arriving together at a cold process share one read of the settings; a missing project is not remembered', async () => {
    const { project } = await setUp('Cold start');
    const together = [ingestSettings(api.db.db, project.id), ingestSettings(api.db.db, project.id)];
    expect(together[0]).toBe(together[1]);
    expect((await together[0])?.rules.map((r) => r.row.name)).toEqual(['Detractors']);
    const missing = ingestSettings(api.db.db, 'prj_00000000000000000000');
    expect(await missing).toBeNull();
    expect(ingestSettings(api.db.db, 'prj_00000000000000000000')).not.toBe(missing);
  });

  it('an unknown or archived survey is a 404 and writes nothing', async () => {
    const { project, ctx } = await setUp('No such survey');
    await expect(storeInOneStatement(ctx, { surveyId: 'srv_00000000000000000000', score: 3 }, null, clock.now())).rejects.toMatchObject({ status: 404 });
    const res = await api.request('GET', '/v1/responses', { key: project.secretKey });
    expect(res.body.data).toEqual([]);
  });

  it('sees every settings change, made through the API or straight in the database by another process', async () => {
    const { project, surveyId } = await setUp('Settings change');
    const post = async (body: Record<string, unknown>) => {
      const res = await api.request('POST', '/v1/responses', { key: project.publishableKey, body: { surveyId, ...body } });
      expect(res.status).toBe(201);
      return res.body;
    };
    await post({ score: 0, comment: 'Too expensive' }); // this process now holds the project's settings
    const before = await settingsVersion(project.id);

    const theme = await api.request('POST', '/v1/themes', { key: project.secretKey, body: { name: 'Price', keywords: { en: ['expensive'], ja: ['高い'] } } });
    expect((await post({ score: 8, comment: 'A bit expensive' })).themes).toEqual(['Price']);
    await api.request('PATCH', `/v1/themes/${theme.body.id}`, { key: project.secretKey, body: { name: 'Pricing' } });
    expect((await post({ score: 8, comment: 'A bit expensive' })).themes).toEqual(['Pricing']);

    // Another process turns the default rule off: no case for the next detractor.
    const casesBefore = (await api.request('GET', '/v1/followups', { key: project.secretKey })).body.data.length;
    await api.db.db.update(followUpRules).set({ enabled: false }).where(eq(followUpRules.projectId, project.id));
    await post({ score: 1 });
    expect((await api.request('GET', '/v1/followups', { key: project.secretKey })).body.data).toHaveLength(casesBefore);

    const hook = await api.request('POST', '/v1/webhooks', { key: project.secretKey, body: { url: 'http://127.0.0.1:9/h', events: ['response.created'] } });
    const stored = await post({ score: 10 });
    const queued = await api.request('GET', `/v1/webhooks/${hook.body.id}/deliveries`, { key: project.secretKey });
    expect(queued.body.data.map((d: any) => d.eventType)).toEqual(['response.created']);
    expect(queued.body.data[0].eventId).toBeTruthy();
    expect(JSON.stringify(queued.body.data)).not.toContain('undefined');
    expect(stored.id).toBeTruthy();
    expect(await settingsVersion(project.id)).toBeGreaterThanOrEqual(before + 4);
  });

  it('a rule recording its round-robin turn or an error does not count as a settings change', async () => {
    const { project, surveyId } = await setUp('Quiet rule writes');
    const [defaultRule] = (await api.request('GET', '/v1/followup-rules', { key: project.secretKey })).body.data;
    await api.request('PATCH', `/v1/followup-rules/${defaultRule.id}`, { key: project.secretKey, body: { position: 5 } });
    // Its assignee left the project: opening a case records an error on the rule instead.
    await api.db.db.insert(followUpRules).values({
      id: `rul_gone_${project.id}`,
      projectId: project.id,
      name: 'Broken assignee',
      conditions: { categories: ['detractor'] },
      action: { dueInHours: 24, assign: { mode: 'user', userId: 'usr_gone' } },
    });
    const version = await settingsVersion(project.id);
    const res = await api.request('POST', '/v1/responses', { key: project.publishableKey, body: { surveyId, score: 2 } });
    expect(res.status).toBe(201);
    const [rule] = await api.db.db
      .select()
      .from(followUpRules)
      .where(and(eq(followUpRules.projectId, project.id), eq(followUpRules.name, 'Broken assignee')));
    expect(rule!.lastError).toMatch(/not a member/);
    expect(await settingsVersion(project.id)).toBe(version);
  });

  // Postgres only: PGlite has one connection, so nothing can wait on a lock there.
  it.skipIf(!usingPostgres())('an answer waits for a theme change in progress, then stores the new themes', async () => {
    const { project, surveyId } = await setUp('Theme change in progress');
    await api.request('POST', '/v1/responses', { key: project.publishableKey, body: { surveyId, score: 9, comment: 'warm-up' } });
    let writing!: () => void;
    let finish!: () => void;
    const written = new Promise<void>((resolve) => (writing = resolve));
    const released = new Promise<void>((resolve) => (finish = resolve));
    const writer = api.db.db.transaction(async (tx) => {
      await tx.execute(
        `insert into themes (id, project_id, name, keywords) values ('thm_late_${project.id}', '${project.id}', 'Late', '{"en":["late"],"ja":[]}')` as never,
      );
      writing();
      await released; // the trigger holds the project row FOR UPDATE until this commits
    });
    await written;
    let answered = false;
    const answer = api
      .request('POST', '/v1/responses', { key: project.publishableKey, body: { surveyId, score: 4, comment: 'The parcel came late' } })
      .finally(() => (answered = true));
    await waitForLockWaiter(api.db);
    expect(answered).toBe(false); // blocked on the project's lock, not merely slow
    finish();
    await writer;
    const res = await answer;
    expect(res.status).toBe(201);
    expect(res.body.themes).toEqual(['Late']);
  });
});
