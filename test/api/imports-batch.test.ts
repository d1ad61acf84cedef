// Imports are stored in batches of set-based statements (server/services/imports/batch.ts). The rows they
// write must be those the live ingest path writes row by row: the same analysis (and an analysis that throws
// costs no row), the same people merged by id and by email, the original times, the same webhook events; a
// re-run adds nothing; a bad row in the middle of a batch is reported and its neighbours kept; and metrics
// (rollups below the watermark, the tail after it) equal direct counts of the imported old answers.
// In process only: the importer is called beside the HTTP API, with a hand-made analyzer and logger.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { followUpEvents, followUpRules, followUps, memberships, people, responses, webhookDeliveries } from '../../db/schema';
import { addUser } from '../accounts/support';
import type { ProjectCtx } from '../../server/services/context';
import { analyseBatch, storeBatch, type BatchRow } from '../../server/services/imports/batch';
import { importAnswers, type ImportOptions } from '../../server/services/imports/import';
import { foldAllRollups } from '../../server/services/metrics/fold';
import { analyzeComment, type CommentAnalyzer } from '../../server/services/responses/analyze';
import { startTestApi, type TestApi } from '../support/api';
import { describeInProcess } from '../support/target';

let api: TestApi;
// One instant for both projects, so what each stores at "now" compares equal.
const clock = { now: () => new Date('2026-06-01T00:00:00Z'), sleep: async () => {} };
type Project = { id: string; secretKey: string; ctx: ProjectCtx; logs: Record<string, unknown>[] };

/** The analysis the ingest uses, except for one comment, whose analysis throws. */
const analyzer: CommentAnalyzer = (comment, themes) => {
  if (comment?.includes('analysis-breaks-here')) throw new Error('lexicon exploded');
  return analyzeComment(comment, themes);
};

async function newProject(name: string): Promise<Project> {
  const project = await api.createProject(name);
  const logs: Record<string, unknown>[] = [];
  const ctx: ProjectCtx = { db: api.db.db, projectId: project.id, clock, analyzer, log: (line) => logs.push(line) };
  return { id: project.id, secretKey: project.secretKey, ctx, logs };
}

/** A CSV body as the importer reads it: one chunk per line, so the parser sees a stream. */
async function* chunks(text: string) {
  for (const line of text.split(/(?<=\n)/)) yield line;
}

const importFile = (p: Project, text: string, options: Partial<ImportOptions> = {}) =>
  importAnswers(p.ctx, chunks(text), { format: 'csv', preset: 'generic', followUpRules: false, ...options });

// Line 1 is the header. Alice by email in two cases (merged, the later name kept), Bob by id with a later
// email, Carol already known by email before the import (the repeat of r1 sets Alice's name back), a bad score on line 6 (the middle of the second
// batch of three), a row without a source id (named by its content), a repeated source id with the same
// answer, and a comment whose analysis throws.
const FILE = [
  'id,score,comment,created_at,email,name,person_id,locale,plan',
  'r1,10,"Great price, love it",2024-01-05T10:00:00Z,alice@example.com,Alice,,en,pro',
  'r2,3,"Too expensive and the support is slow",2024-01-06 11:00:00 UTC,ALICE@example.com,Alice A.,,,free',
  'r3,7,,2024-01-07T12:00:00+09:00,,Bob B,u-bob,,pro',
  'r4,9,とても安いです、ありがとう,2024-02-01T00:00:00Z,bob@example.com,,u-bob,ja,',
  'r5,eleven,bad row,2024-02-01T00:00:00Z,x@example.com,,,,',
  'r6,0,"The price is awful",2024-02-02T00:00:00Z,carol@example.com,,,,',
  'r7,8,ok,2024-03-01T00:00:00Z,,,,,',
  ',6,no source id,2024-03-02T00:00:00Z,dave@example.com,Dave,,,',
  'r8,5,analysis-breaks-here: price,2024-03-03T00:00:00Z,erin@example.com,Erin,,,',
  'r1,10,"Great price, love it",2024-01-05T10:00:00Z,alice@example.com,Alice,,en,pro',
  'r9,2,"slow, expensive",2024-03-04T00:00:00Z,ALICE@EXAMPLE.COM,,,fr,',
].join('\n');

/** What is stored for a project, without its ids: answers by key with their person, and the people. */
async function storedOf(p: Project) {
  const answers = await api.db.db
    .select({ response: responses, externalId: people.externalId, email: people.email, name: people.name, locale: people.locale })
    .from(responses)
    .leftJoin(people, and(eq(people.projectId, responses.projectId), eq(people.id, responses.personId)))
    .where(eq(responses.projectId, p.id))
    .orderBy(asc(responses.idempotencyKey));
  const peopleRows = await api.db.db
    .select({ externalId: people.externalId, email: people.email, name: people.name, locale: people.locale, traits: people.traits })
    .from(people)
    .where(eq(people.projectId, p.id))
    .orderBy(asc(people.email), asc(people.externalId));
  return {
    answers: answers.map(({ response: { id: _id, projectId: _p, surveyId: _s, personId, ...rest }, ...person }) => ({ ...rest, person: personId === null ? null : person })),
    people: peopleRows,
  };
}

async function deliveriesOf(p: Project) {
  const rows = await api.db.db
    .select({ type: webhookDeliveries.eventType, body: webhookDeliveries.body })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.projectId, p.id));
  return rows
    .map(({ type, body }) => {
      const data = JSON.parse(body).data;
      return { type, key: data.idempotencyKey ?? null, comment: data.comment, createdAt: data.createdAt, person: data.person && (data.person.externalId ?? data.person.email.toLowerCase()) };
    })
    .sort((a, b) => String(a.key).localeCompare(String(b.key)));
}

async function prepare(p: Project) {
  // The same themes, a webhook endpoint, and a customer known by email (and one by id) before the import.
  expect((await api.request('POST', '/v1/themes', { key: p.secretKey, body: { name: 'Pricing', keywords: { en: ['price', 'expensive'], ja: ['安い'] } } })).status).toBe(201);
  expect((await api.request('POST', '/v1/themes', { key: p.secretKey, body: { name: 'Support', keywords: { en: ['support', 'slow'] } } })).status).toBe(201);
  const hook = await api.request('POST', '/v1/webhooks', { key: p.secretKey, body: { url: 'http://127.0.0.1:9/h', events: ['response.created', 'response.updated'] } });
  expect(hook.status).toBe(201);
  const survey = await api.request('POST', '/v1/surveys', { key: p.secretKey, body: { name: 'NPS' } });
  expect(survey.status).toBe(201);
  for (const person of [{ email: 'Carol@Example.com', name: 'Carol', locale: 'de' }, { id: 'u-bob', name: 'Robert', locale: 'en' }]) {
    const res = await api.request('POST', '/v1/responses', { key: p.secretKey, body: { surveyId: survey.body.id, score: 8, person, idempotencyKey: `before-${person.name}` } });
    expect(res.status).toBe(201);
  }
}

let perRow: Project;
let batched: Project;

beforeAll(async () => {
  api = await startTestApi({ clock, config: { allowPrivateWebhooks: true } });
  perRow = await newProject('Row by row');
  batched = await newProject('Batched');
  await prepare(perRow);
  await prepare(batched);
});
afterAll(() => api.close());

describeInProcess('batched import', () => {
  it('stores what the per-row path stores: analysis, themes, people merged by id and by email, times, webhook events', async () => {
    const one = await importFile(perRow, FILE, { batchSize: 1, concurrency: 1 });
    const many = await importFile(batched, FILE, { batchSize: 3 });
    expect(many).toEqual(one);
    expect(many).toMatchObject({ rows: 11, imported: 9, alreadyImported: 1, updated: 0, failed: 1, failures: [{ line: 6, reason: expect.stringContaining('whole number') }] });

    const a = await storedOf(perRow);
    const b = await storedOf(batched);
    expect(b).toEqual(a);
    const byKey = new Map(b.answers.map((row) => [row.idempotencyKey, row]));
    expect(byKey.get('import:r1')).toMatchObject({ score: 10, channel: 'import', locale: 'en', createdAt: new Date('2024-01-05T10:00:00Z'), themes: ['Pricing'], sentimentLabel: 'positive', properties: { plan: 'pro' } });
    expect(byKey.get('import:r1')!.sentimentVersion).toBeTruthy();
    expect(byKey.get('import:r2')).toMatchObject({ themes: ['Pricing', 'Support'], createdAt: new Date('2024-01-06T11:00:00Z'), person: { email: 'alice@example.com', name: 'Alice', externalId: null } });
    expect(byKey.get('import:r3')).toMatchObject({ comment: null, sentimentVersion: null, createdAt: new Date('2024-01-07T03:00:00Z'), person: { externalId: 'u-bob', email: 'bob@example.com', name: 'Bob B', locale: 'ja' } });
    expect(byKey.get('import:r4')).toMatchObject({ language: 'ja', themes: ['Pricing'] });
    expect(byKey.get('import:r6')).toMatchObject({ person: { email: 'Carol@Example.com', name: 'Carol', locale: 'de' }, sentimentLabel: 'negative' });
    expect(byKey.get('import:r7')).toMatchObject({ person: null });
    expect(byKey.get('import:r9')).toMatchObject({ locale: 'fr', person: { email: 'alice@example.com', name: 'Alice', locale: 'fr' } });
    // The comment whose analysis threw is stored, unscored (for npm run rescore), and the failure is logged.
    expect(byKey.get('import:r8')).toMatchObject({ score: 5, comment: 'analysis-breaks-here: price', sentimentVersion: null, sentimentScore: null, language: null, themes: [] });
    expect(batched.logs.filter((line) => line.level === 'error' && String(line.error).includes('lexicon exploded'))).toHaveLength(1);
    expect([...byKey.keys()].filter((key) => key?.startsWith('import:sha256:'))).toHaveLength(1);
    // Two people named by email were merged into Alice; Carol and Bob were found, not created again.
    expect(b.people.map((person) => person.email!.toLowerCase()).sort()).toEqual(['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com', 'erin@example.com']);

    const hooksA = await deliveriesOf(perRow);
    const hooksB = await deliveriesOf(batched);
    expect(hooksB).toEqual(hooksA);
    expect(hooksB.filter((hook) => hook.key?.startsWith('import:'))).toHaveLength(9);
  });

  it('adds nothing when the same file is imported again, and takes a changed answer as the per-row path does', async () => {
    const before = await storedOf(batched);
    const hooksBefore = await deliveriesOf(batched);
    const again = await importFile(batched, FILE, { batchSize: 3 });
    expect(again).toMatchObject({ rows: 11, imported: 0, alreadyImported: 10, updated: 0, failed: 1 });
    const after = await storedOf(batched);
    expect(after.answers).toEqual(before.answers);
    expect(after.people.length).toBe(before.people.length);
    expect(await deliveriesOf(batched)).toEqual(hooksBefore);

    const changed = ['id,score,comment,created_at,email', 'r7,1,now it is bad,2024-03-01T00:00:00Z,', 'r10,9,new,2024-04-01T00:00:00Z,', 'r10,9,new,2024-04-01T00:00:00Z,'].join('\n');
    const one = await importFile(perRow, changed, { batchSize: 1, concurrency: 1 });
    const many = await importFile(batched, changed, { batchSize: 10 });
    expect(many).toEqual(one);
    expect(many).toMatchObject({ imported: 1, updated: 1, alreadyImported: 1 });
    expect((await storedOf(batched)).answers).toEqual((await storedOf(perRow)).answers);
    expect(await deliveriesOf(batched)).toEqual(await deliveriesOf(perRow));
  });
});

describeInProcess('analysis ahead of the write', () => {
  it('is done again in the batch\'s transaction when a theme changed after the comments were analysed', async () => {
    const p = await newProject('Themes change');
    const surveyId = (await api.request('POST', '/v1/surveys', { key: p.secretKey, body: { name: 'NPS' } })).body.id as string;
    const rows: BatchRow[] = [{ line: 2, key: 'import:t1', answer: { sourceId: 't1', score: 4, comment: 'The invoice was wrong', answeredAt: null, person: null, locale: null, properties: {} } }];
    const analysed = await analyseBatch(p.ctx, rows);
    expect(analysed.columns.get(rows[0]!)!.themes).toEqual([]);
    expect((await api.request('POST', '/v1/themes', { key: p.secretKey, body: { name: 'Billing', keywords: { en: ['invoice'] } } })).status).toBe(201);
    expect(await storeBatch(p.ctx, surveyId, rows, false, analysed)).toMatchObject({ created: 1, perRow: [] });
    const [stored] = await api.db.db.select().from(responses).where(eq(responses.projectId, p.id));
    expect(stored).toMatchObject({ themes: ['Billing'], sentimentLabel: 'negative' });
  });
});

describeInProcess('metrics of imported old answers', () => {
  it('equal direct counts, before and after a fold, on /v1/metrics/nps and its trend', async () => {
    const p = await newProject('Metrics');
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const lines = ['id,score,created_at'];
    for (let i = 0; i < 300; i++) {
      const at = new Date(Date.parse('2024-01-01T00:00:00Z') + Math.floor(random() * 366 * 24) * 3_600_000 + Math.floor(random() * 3_600_000));
      lines.push(`m${i},${Math.floor(random() * 11)},${at.toISOString()}`);
    }
    const expectExact = async (label: string) => {
      const rows = await api.db.db.select({ score: responses.score, at: responses.createdAt }).from(responses).where(eq(responses.projectId, p.id));
      const count = (from: Date, to: Date) => {
        const inside = rows.filter((row) => row.at >= from && row.at < to);
        return { promoters: inside.filter((r) => r.score >= 9).length, passives: inside.filter((r) => r.score === 7 || r.score === 8).length, detractors: inside.filter((r) => r.score <= 6).length };
      };
      for (const [from, to] of [['2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z'], ['2024-03-10T05:00:00Z', '2024-09-20T17:30:00Z']] as const) {
        const nps = await api.request('GET', `/v1/metrics/nps?from=${from}&to=${to}`, { key: p.secretKey });
        expect(nps.status).toBe(200);
        expect(nps.body, `${label} ${from}..${to}`).toMatchObject(count(new Date(from), new Date(to)));
      }
      const trend = await api.request('GET', '/v1/metrics/nps/trend?from=2024-01-01T00:00:00Z&to=2025-01-01T00:00:00Z&interval=month', { key: p.secretKey });
      expect(trend.status).toBe(200);
      expect(trend.body.points).toHaveLength(12);
      for (const [i, point] of (trend.body.points as { start: string; promoters: number; passives: number; detractors: number }[]).entries()) {
        const from = new Date(Date.UTC(2024, i, 1));
        const { promoters, passives, detractors } = point;
        expect({ promoters, passives, detractors }, `${label} trend ${point.start}`).toEqual(count(from, new Date(Date.UTC(2024, i + 1, 1))));
      }
    };
    // The first half before any fold, the second after one: answers below the watermark count in the rollups.
    expect(await importFile(p, lines.slice(0, 151).join('\n'), { batchSize: 40 })).toMatchObject({ imported: 150, failed: 0 });
    await expectExact('tail only');
    await foldAllRollups(api.db.db, new Date());
    await expectExact('folded');
    expect(await importFile(p, [lines[0], ...lines.slice(151)].join('\n'), { batchSize: 40 })).toMatchObject({ imported: 150, failed: 0 });
    await expectExact('imported below the watermark');
    // Changed scores on a re-run go through the per-row path and move the rollups too.
    const changed = [lines[0], ...lines.slice(1, 41).map((line) => line.replace(/^(m\d+),(\d+),/, (_, id, score) => `${id},${(Number(score) + 5) % 11},`))];
    expect(await importFile(p, changed.join('\n'), { batchSize: 40 })).toMatchObject({ updated: 40, failed: 0 });
    await expectExact('changed');
    await foldAllRollups(api.db.db, new Date());
    await expectExact('folded again');
  });
});

describeInProcess('follow-up rules in batches', () => {
  // Members in turn order, the same users in both projects; the third leaves before the import.
  let members: string[];
  const RULES_FILE = [
    'id,score,comment,created_at,email,person_id',
    'f1,2,The price is awful,2024-05-01T00:00:00Z,,',
    'f2,7,fine,2024-05-02T00:00:00Z,,',
    'f3,10,love it,2024-05-03T00:00:00Z,,u-gold',
    'f4,8,ok,2024-05-04T00:00:00Z,a@example.com,',
    'f5,10,great,2024-05-05T00:00:00Z,,',
    'f6,7,meh,2024-05-06T00:00:00Z,,',
    'f7,1,slow support,2024-05-07T00:00:00Z,,u-gold',
    'f8,7,so so,2024-05-08T00:00:00Z,,',
  ].join('\n');

  async function withRules(name: string) {
    const p = await newProject(name);
    await api.db.db.insert(memberships).values(members.map((userId) => ({ projectId: p.id, userId, role: 'member' as const })));
    const hook = await api.request('POST', '/v1/webhooks', { key: p.secretKey, body: { url: 'http://127.0.0.1:9/h', events: ['response.created', 'followup.opened'] } });
    expect(hook.status).toBe(201);
    const survey = await api.request('POST', '/v1/surveys', { key: p.secretKey, body: { name: 'NPS' } });
    // A customer with a stored trait, before the import (one answer, not a detractor and not a passive).
    const gold = await api.request('POST', '/v1/responses', { key: p.secretKey, body: { surveyId: survey.body.id, score: 10, person: { id: 'u-gold', traits: { tier: 'gold' } } } });
    expect(gold.status).toBe(201);
    const rule = (position: number, ruleName: string, conditions: Record<string, unknown>, action: Record<string, unknown>) => ({
      id: `rul_${name.replace(/\W/g, '')}_${position}`,
      projectId: p.id,
      name: ruleName,
      position,
      conditions,
      action,
    });
    // Run order: a rule stored broken, gold customers to the first member, promoters to the member who left,
    // passives in turn, then the project's default rule for detractors (position 0, moved last).
    await api.db.db.update(followUpRules).set({ position: 9 }).where(eq(followUpRules.projectId, p.id));
    await api.db.db.insert(followUpRules).values([
      rule(1, 'Broken', { scoreMin: 'high' }, {}),
      rule(2, 'Gold', { traits: { tier: 'gold' } }, { assign: { mode: 'user', userId: members[0] } }),
      rule(3, 'Promoters to the one who left', { categories: ['promoter'] }, { assign: { mode: 'user', userId: members[2] } }),
      rule(4, 'Passives in turn', { categories: ['passive'] }, { dueInHours: 24, assign: { mode: 'round_robin' } }),
    ]);
    await api.db.db.delete(memberships).where(and(eq(memberships.projectId, p.id), eq(memberships.userId, members[2]!)));
    return { p, surveyId: survey.body.id as string };
  }

  /** Cases by answer, their history, the rules' errors and turns, and the deliveries. */
  async function casesOf(p: Project) {
    const cases = await api.db.db
      .select({ key: responses.idempotencyKey, rule: followUpRules.name, assignee: followUps.assigneeId, status: followUps.status, dueAt: followUps.dueAt, person: followUps.personId })
      .from(followUps)
      .innerJoin(responses, and(eq(responses.projectId, followUps.projectId), eq(responses.id, followUps.responseId)))
      .leftJoin(followUpRules, and(eq(followUpRules.projectId, followUps.projectId), eq(followUpRules.id, followUps.ruleId)))
      .where(eq(followUps.projectId, p.id))
      .orderBy(asc(responses.idempotencyKey));
    const history = await api.db.db
      .select({ key: responses.idempotencyKey, kind: followUpEvents.kind, data: followUpEvents.data })
      .from(followUpEvents)
      .innerJoin(followUps, and(eq(followUps.projectId, followUpEvents.projectId), eq(followUps.id, followUpEvents.followUpId)))
      .innerJoin(responses, and(eq(responses.projectId, followUps.projectId), eq(responses.id, followUps.responseId)))
      .where(eq(followUpEvents.projectId, p.id))
      .orderBy(asc(responses.idempotencyKey));
    const rules = await api.db.db
      .select({ name: followUpRules.name, lastError: followUpRules.lastError, lastAssigneeId: followUpRules.lastAssigneeId })
      .from(followUpRules)
      .where(eq(followUpRules.projectId, p.id))
      .orderBy(asc(followUpRules.position));
    const deliveries = await api.db.db
      .select({ type: webhookDeliveries.eventType, body: webhookDeliveries.body })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.projectId, p.id));
    return {
      cases: cases.map(({ person, ...c }) => ({ ...c, named: person !== null })),
      history: history.map((h) => ({ key: h.key, kind: h.kind, assigneeId: (h.data as { assigneeId?: string }).assigneeId })),
      rules,
      deliveries: deliveries.map(({ type, body }) => {
        const data = JSON.parse(body).data;
        return `${type} ${data.idempotencyKey ?? data.response?.idempotencyKey}`;
      }).sort(),
    };
  }

  beforeAll(async () => {
    members = [];
    for (const who of ['ana', 'ben', 'cyd']) {
      const user = await addUser(api, { email: `${who}-${Date.now()}@example.com`, password: 'correct horse battery staple' });
      members.push(user.id);
    }
    members.sort(); // joined in one statement, at one time: turns go by id
  });

  it('opens in batches the cases, assignees, errors and events the per-row path opens', async () => {
    const one = await withRules('Rules row by row');
    const many = await withRules('Rules batched');
    expect(await importFile(one.p, RULES_FILE, { batchSize: 1, concurrency: 1, followUpRules: true })).toMatchObject({ imported: 8, failed: 0 });
    expect(await importFile(many.p, RULES_FILE, { batchSize: 5, followUpRules: true })).toMatchObject({ imported: 8, failed: 0 });

    const a = await casesOf(one.p);
    const b = await casesOf(many.p);
    expect(b).toEqual(a);
    const [ana, ben] = members as [string, string];
    expect(b.cases.map((c) => [c.key, c.rule, c.assignee])).toEqual([
      ['import:f1', 'Detractors', null],
      ['import:f2', 'Passives in turn', ana],
      ['import:f3', 'Gold', ana],
      ['import:f4', 'Passives in turn', ben],
      ['import:f6', 'Passives in turn', ana],
      ['import:f7', 'Gold', ana],
      ['import:f8', 'Passives in turn', ben],
    ]);
    expect(b.cases.find((c) => c.key === 'import:f2')!.dueAt).toEqual(new Date(clock.now().getTime() + 24 * 3_600_000));
    expect(b.rules).toEqual([
      { name: 'Broken', lastError: expect.stringMatching(/^Invalid rule: scoreMin/), lastAssigneeId: null },
      { name: 'Gold', lastError: null, lastAssigneeId: null },
      { name: 'Promoters to the one who left', lastError: `Could not open a follow-up: assignee ${members[2]} is not a member of the project`, lastAssigneeId: null },
      { name: 'Passives in turn', lastError: null, lastAssigneeId: ben },
      { name: 'Detractors', lastError: null, lastAssigneeId: null },
    ]);
    expect(b.deliveries.filter((d) => d.startsWith('followup.opened'))).toEqual(b.cases.map((c) => `followup.opened ${c.key}`));
    expect(b.deliveries.filter((d) => d.startsWith('response.created import:'))).toHaveLength(8);
  });

  it('stores a batch with rules to run in the batch itself, not row by row', async () => {
    const { p, surveyId } = await withRules('Rules in one batch');
    const rows: BatchRow[] = [
      { line: 2, key: 'import:g1', answer: { sourceId: 'g1', score: 7, comment: null, answeredAt: null, person: null, locale: null, properties: {} } },
      { line: 3, key: 'import:g2', answer: { sourceId: 'g2', score: 0, comment: null, answeredAt: null, person: { id: 'u-gold' }, locale: null, properties: {} } },
    ];
    expect(await storeBatch(p.ctx, surveyId, rows, true)).toEqual({ created: 2, unchanged: 0, perRow: [] });
    expect((await casesOf(p)).cases.map((c) => [c.key, c.rule])).toEqual([
      ['import:g1', 'Passives in turn'],
      ['import:g2', 'Gold'],
    ]);
  });
});
