// Every statement names its tenant. Sharded by project_id (Citus), a statement that finds or locks a row by id
// alone goes to every shard, and a join not on project_id is refused. This drives a broad set of flows through
// the API, the dispatcher and the rescore job, records every statement sent, and checks each one's plan: every
// scan of a table with a project_id column is bound to a project (test/security/tenant-scope/plans.ts).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../server/clock';
import { rescoreStaleResponses } from '../../server/services/insights/rescore';
import { dispatchDueDeliveries } from '../../server/webhooks/dispatcher';
import { addMember } from '../followups/support/users';
import { startTestApi, type TestApi } from '../support/api';
import { describeInProcess } from '../support/target';
import { testDispatcherDeps } from '../webhooks/support/dispatcher';
import { startReceiver, type Receiver } from '../webhooks/support/receiver';
import { captureStatements, type Captured } from './tenant-scope/capture';
import { openPlanner, tenantTables, unboundScans, type Unbound } from './tenant-scope/plans';

/**
 * Statements that may read a tenant table without naming a project, each for a reason. Matched by a part of
 * their text that only they have.
 */
const EXCEPTIONS: { fragment: string; reason: string }[] = [
  {
    fragment: 'from "api_keys" inner join "projects" on "projects"."id" = "api_keys"."project_id" where ("api_keys"."hash" = $1',
    reason: 'a request names its project by its key: there is no project to name before the key is found',
  },
  {
    fragment: 'from "survey_links" where "survey_links"."id" = $1',
    reason: 'an email link minted before links carried their project names only its send; mailed links cannot change',
  },
  {
    fragment: 'for update of "webhook_deliveries" skip locked',
    reason: 'the dispatcher claims due deliveries of every project in one statement; a per-project claim is its own change',
  },
];

/**
 * The app's database functions, each called so that every statement inside it runs (a function that returns
 * early never plans the rest): on the planner's own database, with a project, a live survey and a webhook
 * endpoint made first (`PLANNER_SEED`), the project's current settings version, and JSON rows of the shape
 * each argument takes.
 */
const PLANNER_SEED = `
  insert into projects (id, name) values ('prj_plan', 'Planner');
  insert into surveys (id, project_id, name, question, follow_up_question, targeting, appearance)
    values ('srv_plan', 'prj_plan', 'NPS', '{}', '{}', '{}', '{}');
  insert into webhook_endpoints (id, project_id, url, events, secret)
    values ('whe_plan', 'prj_plan', 'http://127.0.0.1:9/h', '["response.created"]', 'x');`;
const at = '"2026-01-01T00:00:00Z"';
// p_answer, p_person, p_follow_up, p_history, p_deliveries
const STORE_ANSWER_ROWS = [
  `{"id": "rsp_plan", "survey_id": "srv_plan", "score": 3, "category": "detractor", "channel": "api", "properties": {}, "themes": [], "revision": 0, "created_at": ${at}, "updated_at": ${at}}`,
  `{"id": "per_plan", "external_id": "cus_plan", "traits": {}, "created_at": ${at}, "updated_at": ${at}}`,
  `{"id": "fup_plan", "response_id": "rsp_plan", "survey_id": "srv_plan", "status": "open", "created_at": ${at}, "updated_at": ${at}}`,
  `{"id": "fev_plan", "follow_up_id": "fup_plan", "kind": "opened", "actor": "rule:x", "data": {}, "created_at": ${at}}`,
  `[{"id": "whd_plan", "endpoint_id": "whe_plan", "event_id": "evt_plan", "event_type": "response.created", "body": "{}", "next_attempt_at": ${at}, "created_at": ${at}}]`,
].map((json) => `'${json}'`);
const FUNCTION_CALLS = new Map([
  ['kizuna_store_answer', `select * from kizuna_store_answer('prj_plan', (select settings_version from projects where id = 'prj_plan'), 'srv_plan', ${STORE_ANSWER_ROWS.join(', ')})`],
  ['kizuna_contact_histories', `select * from kizuna_contact_histories('prj_plan', '["cus_plan"]'::jsonb)`],
  ['kizuna_theme_definitions_locked', `select * from kizuna_theme_definitions_locked('prj_plan')`],
]);

let api: TestApi;
let receiver: Receiver;
let captured: Captured;

beforeAll(async () => {
  api = await startTestApi({ config: { allowPrivateWebhooks: true } });
  captured = captureStatements(api.db.db);
  receiver = await startReceiver();
  receiver.respond = (req) => ({ status: req.path.includes('failing') ? 500 : 200 });
});
afterAll(async () => {
  await receiver?.close();
  await api?.close();
});

async function ok<T = any>(method: string, path: string, key: string, body?: unknown): Promise<T> {
  const res = await api.request(method, path, { key, body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body as T;
}

/** The flows whose statements are checked: the answer path in all its forms, and what a project's staff does. */
async function exercise() {
  const project = await api.createProject('Tenant scope');
  const other = await api.createProject('Other tenant');
  const key = project.secretKey;
  const survey = await ok('POST', '/v1/surveys', key, { name: 'NPS' });
  await ok('GET', `/v1/surveys/${survey.id}`, key);

  // Webhooks: created, changed, rotated, pinged, one that fails and one that is deleted.
  const hook = await ok('POST', '/v1/webhooks', key, { url: `${receiver.url}/ok`, events: ['response.created', 'response.updated', 'followup.opened'] });
  const failing = await ok('POST', '/v1/webhooks', key, { url: `${receiver.url}/failing`, events: ['response.created'] });
  const doomed = await ok('POST', '/v1/webhooks', key, { url: `${receiver.url}/doomed`, events: ['response.created'] });
  await ok('PATCH', `/v1/webhooks/${hook.id}`, key, { description: 'Main receiver' });
  await ok('POST', `/v1/webhooks/${hook.id}/rotate-secret`, key, { overlapHours: 24 });
  await ok('GET', `/v1/webhooks/${hook.id}/secret`, key);
  await ok('POST', `/v1/webhooks/${hook.id}/test`, key);
  await ok('DELETE', `/v1/webhooks/${doomed.id}`, key);

  // Themes: created, changed, deleted (each re-applies the project's themes).
  const billing = await ok('POST', '/v1/themes', key, { name: 'Billing', keywords: { en: ['invoice'] } });
  const support = await ok('POST', '/v1/themes', key, { name: 'Support', keywords: { en: ['support'] } });
  await ok('PATCH', `/v1/themes/${billing.id}`, key, { keywords: { en: ['invoice', 'bill'] } });
  await ok('DELETE', `/v1/themes/${support.id}`, key);

  // Imports in batches (rules off): people by id and by email (new and known), the webhook events, and a re-run
  // of the same file (a changed answer takes the answer path checked below).
  const importCsv = async (csv: string) => {
    const res = await api.request('POST', `/v1/imports?noRules=true&surveyId=${survey.id}`, { key, rawBody: csv, headers: { 'content-type': 'text/csv' } });
    if (res.status !== 200 || res.body.failed !== 0) throw new Error(`import: ${res.status} ${res.text}`);
  };
  const csv = ['id,score,comment,created_at,email,name,person_id', 'i1,9,Good invoice,2024-01-01T00:00:00Z,imp@example.com,Imp,', 'i2,3,,2024-01-02T00:00:00Z,IMP@example.com,,', 'i3,7,ok,2024-01-03T00:00:00Z,,Ida,imp-1'];
  await importCsv(csv.join('\n'));
  await importCsv(csv.join('\n'));

  // Follow-up rules: a round-robin rule on stored traits, changed and one deleted.
  await captured.aside(() => addMember(api.db.db, project.id, 'Ann'));
  await captured.aside(() => addMember(api.db.db, project.id, 'Bo'));
  const rule = await ok('POST', '/v1/followup-rules', key, {
    name: 'Enterprise',
    surveyId: survey.id,
    conditions: { scoreMax: 8, traits: { plan: 'enterprise' } },
    action: { dueInHours: 4, assign: { mode: 'round_robin' } },
  });
  await ok('PATCH', `/v1/followup-rules/${rule.id}`, key, { position: 0 });
  const spare = await ok('POST', '/v1/followup-rules', key, { name: 'Spare', conditions: { scoreMax: 1 }, action: { dueInHours: 1 } });
  await ok('DELETE', `/v1/followup-rules/${spare.id}`, key);

  // The answer path: anonymous, a person by id, by email only (new, then known), a repeat of an idempotency
  // key that changes the score and adds a comment, answers that open round-robin cases.
  const answer = (body: Record<string, unknown>, by = project.publishableKey) => ok('POST', '/v1/responses', by, { surveyId: survey.id, ...body });
  await answer({ score: 9 });
  await answer({ score: 10, comment: 'Great support', person: { id: 'cust-1', email: 'ada@example.com', name: 'Ada' } });
  await answer({ score: 6, person: { email: 'ken@example.jp' } });
  await answer({ score: 8, person: { email: 'ken@example.jp', name: 'Ken' } }, key);
  const first = await answer({ score: 3, idempotencyKey: 'a-1', person: { id: 'cust-2' } });
  await answer({ score: 3, idempotencyKey: 'a-1', person: { id: 'cust-2' } });
  await answer({ score: 4, idempotencyKey: 'a-1', comment: 'The invoice was wrong', person: { id: 'cust-2' } });
  for (const id of ['e1', 'e2']) await answer({ score: 7, person: { id, traits: { plan: 'enterprise' } } }, key);
  await ok('GET', `/v1/responses/${first.id}`, key);

  // The widget, for a known customer (contact history), and an email link answered twice.
  await ok('GET', `/v1/widget/config?surveyId=${survey.id}&personId=cust-1`, project.publishableKey);
  await ok('POST', '/v1/widget/dismiss', project.publishableKey, { surveyId: survey.id, personId: 'cust-3' });
  const links = await ok('POST', `/v1/surveys/${survey.id}/links`, key, { person: { id: 'cust-4', email: 'aiko@example.com' } });
  const mailed = (score: number) => new URL(links.links[score].url);
  expect(mailed(3).searchParams.get('p')).toBe(project.id);
  await api.request('GET', mailed(3).pathname + mailed(3).search);
  await api.request('POST', mailed(9).pathname + mailed(9).search, { rawBody: 'comment=Better+now', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  await api.request('GET', mailed(8).pathname); // as a link minted before links named their project

  // Working a case: status, note, people.
  const cases = await ok('GET', '/v1/followups', key);
  const opened = cases.data[0];
  await ok('PATCH', `/v1/followups/${opened.id}`, key, { status: 'in_progress' });
  await ok('POST', `/v1/followups/${opened.id}/notes`, key, { text: 'Called them' });
  await ok('GET', `/v1/followups/${opened.id}`, key);
  await ok('GET', `/v1/people/${first.personId}`, key);

  // The dispatcher posts (one endpoint fails), deliveries are listed and one retried.
  await dispatchDueDeliveries(testDispatcherDeps(api.db.db, systemClock), { limit: 100 });
  const deliveries = await ok('GET', `/v1/webhooks/${failing.id}/deliveries`, key);
  await ok('GET', `/v1/webhooks/deliveries/${deliveries.data[0].id}`, key);
  await ok('POST', `/v1/webhooks/deliveries/${deliveries.data[0].id}/retry`, key);
  await ok('GET', `/v1/webhooks/${hook.id}/deliveries`, key);

  // Reading out: the CSV export, the feed, metrics.
  await api.request('GET', '/v1/responses/export.csv', { key });
  await ok('GET', '/v1/responses', key);
  await ok('GET', '/v1/metrics/nps', key);

  // Rescoring after an analyzer upgrade, with stale answers in two projects.
  const theirSurvey = await ok('POST', '/v1/surveys', other.secretKey, { name: 'NPS' });
  await ok('POST', '/v1/responses', other.publishableKey, { surveyId: theirSurvey.id, score: 2, comment: 'The invoice was wrong again' });
  await captured.aside(() => api.db.db.execute(sql`update responses set sentiment_version = '2000.01-0' where comment is not null`));
  await rescoreStaleResponses(api.db.db, { batchSize: 2 });
}

describeInProcess('statements name their tenant', () => {
  // Drives dozens of flows and explains every statement they sent: more than the default 30 s on a busy machine.
  it('every statement sent in these flows binds each tenant table it reads or writes to a project', { timeout: 180_000 }, async () => {
    const before = new Set(captured.statements);
    await exercise();
    const texts = [...captured.statements].filter((text) => !before.has(text));
    expect(texts.length).toBeGreaterThan(50);

    const tenants = tenantTables();
    expect(tenants).toContain('responses');
    expect(tenants).not.toContain('projects');
    const planner = await openPlanner();
    await planner.exec(PLANNER_SEED);
    try {
      const flagged: { statement: string; unbound: Unbound[] }[] = [];
      const excused = new Set<string>();
      const judge = (statement: string, unbound: Unbound[]) => {
        if (unbound.length === 0) return;
        const exception = EXCEPTIONS.find((e) => statement.includes(e.fragment));
        if (exception) excused.add(exception.fragment);
        else flagged.push({ statement, unbound });
      };
      for (const text of texts) {
        const plan = await planner.plan(text);
        if (plan) judge(text, unboundScans(plan, tenants));
      }
      const functions = await planner.functionsCalledBy(texts);
      expect(functions).toContain('kizuna_store_answer');
      for (const name of functions) {
        const call = FUNCTION_CALLS.get(name);
        if (!call) throw new Error(`${name} is called: add a call with harmless arguments to FUNCTION_CALLS`);
        const nested = await planner.functionPlans(call);
        expect(nested.length, `${name} ran no statement`).toBeGreaterThan(0);
        if (name === 'kizuna_store_answer') {
          const written = nested.map(({ text }) => /insert into (\w+)/i.exec(text)?.[1]).filter(Boolean);
          expect(written).toEqual(['people', 'responses', 'follow_ups', 'follow_up_events', 'webhook_deliveries']);
        }
        for (const { text, plan } of nested) judge(`${name}: ${text}`, unboundScans(plan, tenants));
      }
      const report = flagged.map(({ statement, unbound }) =>
        `${statement.replace(/\s+/g, ' ').slice(0, 400)}\n    unbound: ${unbound.map((u) => `${u.table} as ${u.alias} (${u.node}: ${u.conditions.join(' / ') || 'no condition'})`).join('; ')}`,
      );
      expect(report).toEqual([]);
      // An exception that no statement needs any more is taken off the list.
      expect(EXCEPTIONS.map((e) => e.fragment).filter((fragment) => !excused.has(fragment))).toEqual([]);
    } finally {
      await planner.close();
    }
  });
});
