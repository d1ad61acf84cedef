// "Reliability, shown by tests" (issue 6): outages, crashes, concurrent dispatchers, broken rules and filters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDb } from '../../db/client';
import { claimDueDeliveries } from '../../server/webhooks/claim';
import { dispatchDueDeliveries, type DispatcherDeps } from '../../server/webhooks/dispatcher';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';
import { usingPostgres } from '../support/database';
import { testDispatcherDeps } from './support/dispatcher';
import { answer, projectWithEndpoint } from './support/project';
import { startReceiver, type Receiver } from './support/receiver';
import { verifyDelivery } from './support/verify';

const clock = testClock(new Date());
let api: TestApi;
let receiver: Receiver;

beforeAll(async () => {
  api = await startTestApi({ clock, config: { allowPrivateWebhooks: true } });
  receiver = await startReceiver();
  receiver.clock = clock;
});
afterAll(async () => {
  await receiver.close();
  await api.close();
});

const deliveries = async (key: string, endpointId: string) =>
  (await api.request('GET', `/v1/webhooks/${endpointId}/deliveries?limit=200`, { key })).body.data as any[];

describe('receiver down, then up', () => {
  it('delivers every event once it is back, in commit order, each with a stable webhook-id', async () => {
    receiver.received.length = 0;
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const deps = testDispatcherDeps(api.db.db, clock);
    await receiver.down();
    const answers = [];
    for (let score = 6; score <= 10; score++) answers.push(await answer(api, project.secretKey, { surveyId, score }));

    // First attempt: connection refused. The failed event is retried in 5 s; the others wait behind it.
    expect((await dispatchDueDeliveries(deps)).failed).toBe(1);
    let log = await deliveries(project.secretKey, endpoint.id);
    expect(log.every((d) => d.status === 'pending')).toBe(true);
    expect(log.map((d) => d.attempts).sort()).toEqual([0, 0, 0, 0, 1]);
    const first = log.find((d) => d.attempts === 1);
    expect(first.lastError).toMatch(/ECONNREFUSED|fetch failed/);
    expect(new Date(first.nextAttemptAt).getTime() - clock.now().getTime()).toBe(5000);
    expect((await dispatchDueDeliveries(deps)).claimed).toBe(0); // nothing is due during the backoff

    clock.advance(5000);
    expect((await dispatchDueDeliveries(deps)).failed).toBe(1); // still down: next try in 5 minutes

    // Back up, but its first answer is a 503: the event is retried (same id) and the queue still waits.
    await receiver.up();
    let replies = 0;
    receiver.respond = () => ({ status: replies++ === 0 ? 503 : 200 });
    clock.advance(5 * 60_000);
    await dispatchDueDeliveries(deps);
    expect(receiver.received).toHaveLength(1);
    clock.advance(30 * 60_000);
    const summary = await dispatchDueDeliveries(deps);
    expect(summary).toMatchObject({ delivered: 5, failed: 0 });

    const events = receiver.received.map((r) => ({ id: r.headers['webhook-id'], event: verifyDelivery(endpoint.secret, r, true) }));
    const delivered = events.slice(1);
    expect(delivered.map((e) => e.event.data.id)).toEqual(answers.map((a) => a.id));
    expect(new Set(delivered.map((e) => e.id)).size).toBe(5);
    expect(events[0]!.id).toBe(delivered[0]!.id); // the duplicate carries the same webhook-id
    log = await deliveries(project.secretKey, endpoint.id);
    expect(log.every((d) => d.status === 'delivered')).toBe(true);
    const endpointNow = await api.request('GET', `/v1/webhooks/${endpoint.id}`, { key: project.secretKey });
    expect(endpointNow.body).toMatchObject({ enabled: true, failingSince: null, retryingUntil: null });
    receiver.respond = () => ({ status: 200 });
  });
});

describe('server killed between commit and delivery', () => {
  it('a dispatcher that never ran loses nothing: a new one on the same database delivers', async () => {
    receiver.received.length = 0;
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await answer(api, project.secretKey, { surveyId, score: 8 })).id);
    // The "restarted server": its own connection pool on Postgres (PGlite is one embedded database: same handle).
    const restarted = api.db.url ? createPostgresDb(api.db.url, { max: 2 }) : null;
    try {
      await dispatchDueDeliveries(testDispatcherDeps(restarted?.db ?? api.db.db, clock));
    } finally {
      await restarted?.close();
    }
    expect(receiver.received.map((r) => verifyDelivery(endpoint.secret, r, true).data.id)).toEqual(ids);
  });

  it('rows claimed by a dispatcher that died mid-delivery are delivered after its lease ends', async () => {
    receiver.received.length = 0;
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const stored = await answer(api, project.secretKey, { surveyId, score: 7 });
    const leaseUntil = new Date(clock.now().getTime() + 60_000);
    const taken = await claimDueDeliveries(api.db.db, { now: clock.now(), limit: 100, leaseUntil }); // ...and then it crashed
    expect(taken.map((d) => d.endpointId)).toContain(endpoint.id);

    const deps = testDispatcherDeps(api.db.db, clock);
    expect((await dispatchDueDeliveries(deps)).claimed).toBe(0); // still leased
    clock.advance(60_000);
    expect((await dispatchDueDeliveries(deps)).delivered).toBeGreaterThanOrEqual(1);
    expect(receiver.received.map((r) => verifyDelivery(endpoint.secret, r, true).data.id)).toContain(stored.id);
    expect((await deliveries(project.secretKey, endpoint.id))[0]).toMatchObject({ status: 'delivered', attempts: 1 });
  });
});

describe('two dispatchers at once', () => {
  // On Postgres each dispatcher has its own pool, so their claims really race and SKIP LOCKED/leases decide.
  // PGlite is a single embedded connection: the two claims serialize, which still must not double-deliver.
  it('deliver each event exactly once between them', async () => {
    receiver.received.length = 0;
    receiver.respond = async () => {
      await new Promise((r) => setTimeout(r, 2)); // a receiver that takes a moment, so the two overlap
      return { status: 200 };
    };
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const total = 60;
    for (let i = 0; i < total; i++) await answer(api, project.secretKey, { surveyId, score: i % 11 });

    const pools = api.db.url ? [createPostgresDb(api.db.url, { max: 3 }), createPostgresDb(api.db.url, { max: 3 })] : [];
    const depsA: DispatcherDeps = testDispatcherDeps(pools[0]?.db ?? api.db.db, clock);
    const depsB: DispatcherDeps = testDispatcherDeps(pools[1]?.db ?? api.db.db, clock);
    const claimed = { a: 0, b: 0 };
    try {
      for (let round = 0; round < 100; round++) {
        const [a, b] = await Promise.all([dispatchDueDeliveries(depsA, { limit: 7 }), dispatchDueDeliveries(depsB, { limit: 7 })]);
        claimed.a += a.claimed;
        claimed.b += b.claimed;
        if (a.claimed + b.claimed === 0) break;
      }
    } finally {
      await Promise.all(pools.map((p) => p.close()));
      receiver.respond = () => ({ status: 200 });
    }
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(claimed.a + claimed.b).toBe(total);
    expect(claimed.a).toBeGreaterThan(0);
    expect(claimed.b).toBeGreaterThan(0);
    expect(receiver.received.every((r) => verifyDelivery(endpoint.secret, r, true).type === 'response.created')).toBe(true);
  }, 120_000);
});

describe('a broken follow-up rule or webhook filter never loses the answer', () => {
  it('stores the answer, runs the rules that work, and shows the broken ones', async () => {
    receiver.received.length = 0;
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: `${receiver.url}/broken-rules`, events: ['response.created', 'followup.opened'] });
    const other = await api.request('POST', '/v1/webhooks', { key: project.secretKey, body: { url: receiver.url, events: ['response.created'] } });
    // Broken in ways the API would refuse, written straight to the database (old data, hand edits).
    const projectId = project.id;
    await api.db.db.execute(`update webhook_endpoints set filters = '{"scoreMin":"low"}'::jsonb where id = '${other.body.id}'` as never);
    await api.db.db.execute(
      `insert into follow_up_rules (id, project_id, name, position, conditions, action) values
        ('rul_garbage', '${projectId}', 'garbage', -2, '{"scoreMin":"low"}', '{}'),
        ('rul_ghost', '${projectId}', 'ghost assignee', -1, '{}', '{"dueInHours":4,"assign":{"mode":"user","userId":"usr_gone"}}')` as never,
    );

    const res = await api.request('POST', '/v1/responses', { key: project.secretKey, body: { surveyId, score: 1 } });
    expect(res.status).toBe(201);
    const stored = await api.request('GET', `/v1/responses/${res.body.id}`, { key: project.secretKey });
    expect(stored.status).toBe(200);

    const cases = await api.request('GET', '/v1/followups', { key: project.secretKey });
    expect(cases.body.data).toHaveLength(1); // the default rule still opened the case
    const rules = (await api.request('GET', '/v1/followup-rules', { key: project.secretKey })).body.data as any[];
    expect(rules.find((r) => r.id === 'rul_garbage')).toMatchObject({ lastError: expect.stringMatching(/Invalid rule/), invalid: expect.any(String) });
    expect(rules.find((r) => r.id === 'rul_ghost').lastError).toMatch(/usr_gone is not a member/);
    expect(cases.body.data[0].ruleId).not.toMatch(/rul_garbage|rul_ghost/);

    const broken = await api.request('GET', `/v1/webhooks/${other.body.id}`, { key: project.secretKey });
    expect(broken.body.filtersError).toMatch(/scoreMin/);
    await dispatchDueDeliveries(testDispatcherDeps(api.db.db, clock));
    const mine = receiver.received.filter((r) => r.path === '/hook/broken-rules');
    expect(mine.map((r) => verifyDelivery(endpoint.secret, r, true).type)).toEqual(['response.created', 'followup.opened']);
  });

  it('even a database error while opening the case (rolled back to a savepoint) keeps the answer and its event', async () => {
    receiver.received.length = 0;
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    await api.db.db.execute(`alter table follow_ups add constraint test_refuse_every_case check (due_at < '2000-01-01') not valid` as never);
    try {
      const res = await api.request('POST', '/v1/responses', { key: project.secretKey, body: { surveyId, score: 0 } });
      expect(res.status).toBe(201);
      expect((await api.request('GET', `/v1/responses/${res.body.id}`, { key: project.secretKey })).status).toBe(200);
      const rules = (await api.request('GET', '/v1/followup-rules', { key: project.secretKey })).body.data as any[];
      expect(rules[0].lastError).toMatch(/Could not open a follow-up/);
      await dispatchDueDeliveries(testDispatcherDeps(api.db.db, clock));
      expect(receiver.received.map((r) => verifyDelivery(endpoint.secret, r, true).data.id)).toEqual([res.body.id]);
    } finally {
      await api.db.db.execute(`alter table follow_ups drop constraint test_refuse_every_case` as never);
    }
  });
});

it('runs on the driver the suite was started with', () => {
  expect(typeof usingPostgres()).toBe('boolean');
});
