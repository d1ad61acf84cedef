// `npm run rescore`: stored comments scored by an older analyzer get language, sentiment and themes afresh.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPgliteDb } from '../../db/pglite';
import { migrate } from '../../db/migrate';
import { rescoreStaleResponses } from '../../server/services/insights/rescore';
import { SENTIMENT_VERSION } from '../../server/text';
import { startTestApi, type TestApi } from '../support/api';
import { createTestDatabase, usingPostgres } from '../support/database';
import { describeInProcess } from '../support/target';

type Project = Awaited<ReturnType<TestApi['createProject']>>;

let api: TestApi;
let project: Project;
let other: Project;

beforeAll(async () => {
  api = await startTestApi();
  project = await api.createProject('Rescore A');
  other = await api.createProject('Rescore B');
});
afterAll(() => api.close());

async function answer(p: Project, score: number, comment: string) {
  const surveyId = (await api.request('POST', '/v1/surveys', { key: p.secretKey, body: { name: 'NPS' } })).body.id;
  const res = await api.request('POST', '/v1/responses', { key: p.publishableKey, body: { surveyId, score, comment } });
  expect(res.status).toBe(201);
  return res.body;
}

/** What an answer scored by an older analyzer, before its project defined themes, looks like. */
const makeStale = (id: string) =>
  api.db.db.execute(sql`update responses set sentiment_version = '2000.01-0', sentiment_score = 0,
    sentiment_label = 'neutral', language = null, themes = '[]'::jsonb where id = ${id}`);

const stored = async (id: string) =>
  (await api.request('GET', `/v1/responses/${id}`, { key: [project, other].find((p) => p.id === projectOf.get(id))!.secretKey })).body;
const projectOf = new Map<string, string>();

describeInProcess('rescoreStaleResponses', () => {
  it('re-scores old-version rows with their own project’s themes, in batches, and leaves current rows alone', async () => {
    const en = await answer(project, 2, 'The invoice was wrong and support was useless.');
    const ja = await answer(project, 3, '請求書が間違っていて、とても残念です。');
    const theirs = await answer(other, 1, 'The invoice was wrong again.');
    const current = await answer(project, 10, 'Lovely product, the invoice was clear.');
    for (const r of [en, ja, current]) projectOf.set(r.id, project.id);
    projectOf.set(theirs.id, other.id);
    // Themes defined after the answers; stale rows lose theirs below, and rescore must bring them back.
    await api.request('POST', '/v1/themes', { key: project.secretKey, body: { name: 'Billing', keywords: { en: ['invoice'], ja: ['請求書'] } } });
    await api.request('POST', '/v1/themes', { key: other.secretKey, body: { name: 'Invoices', keywords: { en: ['invoice'] } } });
    for (const r of [en, ja, theirs]) await makeStale(r.id);
    // A current-version row is not touched, even if its stored figures disagree with today's analyzer.
    await api.db.db.execute(sql`update responses set sentiment_score = 0.123 where id = ${current.id}`);

    const result = await rescoreStaleResponses(api.db.db, { batchSize: 2 });
    expect(result).toEqual({ rescored: 3, themesChanged: 3, batches: 2 });

    for (const [before, theme] of [[en, 'Billing'], [ja, 'Billing'], [theirs, 'Invoices']] as const) {
      const after = await stored(before.id);
      expect(after).toMatchObject({
        language: before.language,
        sentimentScore: before.sentimentScore,
        sentimentLabel: before.sentimentLabel,
        sentimentVersion: SENTIMENT_VERSION,
        themes: [theme],
        revision: before.revision, // the answer did not change, only our reading of it
        updatedAt: before.updatedAt,
      });
    }
    expect(await stored(ja.id)).toMatchObject({ language: 'ja', sentimentLabel: 'negative' });
    expect((await stored(current.id)).sentimentScore).toBeCloseTo(0.123, 5);

    expect(await rescoreStaleResponses(api.db.db)).toEqual({ rescored: 0, themesChanged: 0, batches: 0 });
  });

  it('re-scores rows stored before versions were recorded, and skips answers without a comment', async () => {
    const old = await answer(project, 6, 'Slow and buggy');
    projectOf.set(old.id, project.id);
    const silent = (await api.request('POST', '/v1/responses', { key: project.publishableKey, body: { surveyId: old.surveyId, score: 8 } })).body;
    await api.db.db.execute(sql`update responses set sentiment_version = null, sentiment_score = null, sentiment_label = null where id = ${old.id}`);
    expect(await rescoreStaleResponses(api.db.db)).toEqual({ rescored: 1, themesChanged: 0, batches: 1 });
    expect(await stored(old.id)).toMatchObject({ sentimentVersion: SENTIMENT_VERSION, sentimentLabel: 'negative' });
    const after = (await api.request('GET', `/v1/responses/${silent.id}`, { key: project.secretKey })).body;
    expect(after).toMatchObject({ sentimentVersion: null, sentimentScore: null });
  });
});

const execFileAsync = promisify(execFile);

describeInProcess('npm run rescore', () => {
  it('re-scores the database npm start would use and prints one summary line, nothing else', async () => {
    let env: NodeJS.ProcessEnv;
    let cleanup: () => Promise<void>;
    let seedDb: Awaited<ReturnType<typeof createTestDatabase>>['db'];
    let closeSeed: () => Promise<void>;
    if (usingPostgres()) {
      const database = await createTestDatabase();
      env = { ...process.env, DATABASE_URL: database.url! };
      seedDb = database.db;
      closeSeed = async () => {};
      cleanup = database.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'kizuna-rescore-'));
      const handle = await createPgliteDb(dir);
      await migrate(handle);
      const { DATABASE_URL: _ignored, ...rest } = process.env;
      env = { ...rest, KIZUNA_DATA_DIR: dir };
      seedDb = handle.db;
      closeSeed = handle.close; // PGlite: one process at a time
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
    try {
      await seedDb.execute(sql`insert into projects (id, name) values ('prj_cli', 'CLI')`);
      await seedDb.execute(sql`insert into surveys (id, project_id, name, question, follow_up_question, targeting, appearance)
        values ('srv_cli', 'prj_cli', 'NPS', '{}', '{}', '{}', '{}')`);
      await seedDb.execute(sql`insert into themes (id, project_id, name, keywords)
        values ('thm_cli', 'prj_cli', 'Speed', '{"en":["slow"],"ja":["遅い"]}')`);
      await seedDb.execute(sql`insert into responses (id, project_id, survey_id, score, category, comment, sentiment_version, sentiment_score)
        values ('rsp_cli1', 'prj_cli', 'srv_cli', 2, 'detractor', 'Terribly slow, I hate it.', '1999.01-0', 0.9),
               ('rsp_cli2', 'prj_cli', 'srv_cli', 9, 'promoter', '動作が遅いけど満足', '1999.01-0', 0)`);
      await closeSeed();

      const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', 'tsx', 'scripts/rescore.ts', '--themes'], { env });
      expect(stderr).toBe('');
      expect(stdout.split('\n')).toHaveLength(2); // one line and its newline
      expect(stdout).toMatch(
        new RegExp(`^Rescored 2 responses to sentiment ${SENTIMENT_VERSION.replace('.', '\\.')} in 1 batches \\(themes changed on 2\\); themes re-applied to 2 comments of 1 projects, 0 changed; .+, [0-9.]+ s\\.\\n$`),
      );

      const check = usingPostgres() ? { db: seedDb, close: async () => {} } : await createPgliteDb(env.KIZUNA_DATA_DIR);
      const result = (await check.db.execute(sql`select id, sentiment_version, sentiment_label, themes from responses order by id`)) as unknown;
      const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
      expect(rows).toEqual([
        { id: 'rsp_cli1', sentiment_version: SENTIMENT_VERSION, sentiment_label: 'negative', themes: ['Speed'] },
        { id: 'rsp_cli2', sentiment_version: SENTIMENT_VERSION, sentiment_label: expect.any(String), themes: ['Speed'] },
      ]);
      await check.close();

      const bad = await execFileAsync(process.execPath, ['--import', 'tsx', 'scripts/rescore.ts', '--everything'], { env }).catch((e) => e);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(/^Rescore failed: unknown argument "--everything"/);
    } finally {
      await cleanup();
    }
  }, 120_000);
});
