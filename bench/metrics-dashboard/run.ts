// bench/metrics-dashboard: the Overview page's three API calls, exactly as the dashboard sends them, on a project
// with N responses spread over a year (local Postgres): the default view (last 30 days, weekly trend)
// and a whole-year view, plus the 0–10 distribution (/v1/metrics/scores) the dashboard adds.
// Run: npx tsx bench/metrics-dashboard/run.ts        sizes via BENCH_SIZES=1000000
import '../../server/quiet-dotenv';
import { createBenchApp, medianGetMs } from '../support/app-timer';
import { systemClock } from '../../server/clock';
import { createProject } from '../../server/services/projects/create';
import { createSurvey } from '../../server/services/surveys/manage';
import { fmt, machineLine } from '../support/load';
import { createBenchDatabase } from '../support/postgres';
import { loadResponsesInBulk } from '../support/rollups';

const SIZES = (process.env.BENCH_SIZES ?? '1000000').split(',').map(Number);
const RUNS = 7;

console.log(`bench/metrics-dashboard — ${new Date().toISOString()} — ${machineLine()}`);

for (const size of SIZES) {
  const bench = await createBenchDatabase(`dash${size}`);
  try {
    const db = bench.handle.db;
    const sql = (db as unknown as { $client: import('postgres').Sql }).$client;
    const project = await createProject(db, { name: 'Bench', timeZone: 'Asia/Tokyo' });
    const ctx = { db, projectId: project.id, clock: systemClock };
    const surveys = [await createSurvey(ctx, { name: 'A' }), await createSurvey(ctx, { name: 'B' })];
    await loadResponsesInBulk(sql, () => sql`
      insert into responses (id, project_id, survey_id, score, category, channel, locale, created_at, updated_at)
      select 'rsp_' || g, ${project.id}, (${sql.array(surveys.map((s) => s.id))}::text[])[1 + g % 2],
             s, case when s >= 9 then 'promoter' when s >= 7 then 'passive' else 'detractor' end,
             (array['web','email','api'])[1 + g % 3], (array['en','ja'])[1 + g % 2], t, t
      from generate_series(1, ${size}) g,
           lateral (select ((g::bigint * 7919) % 11)::int as s, timestamptz '2025-01-01' + (g::float8 / ${size}) * interval '365 days' as t) x`);

    const app = await createBenchApp(db);
    const time = medianGetMs(app, project.secretKey, RUNS);
    const views = {
      'last 30 days (default view)': { from: '2025-12-02', to: '2026-01-01', previousFrom: '2025-11-02', previousTo: '2025-12-02', interval: 'week' },
      'whole year': { from: '2025-01-01', to: '2026-01-01', previousFrom: '2024-01-01', previousTo: '2025-01-01', interval: 'month' },
    };
    console.log(`\n${size} responses — median of ${RUNS} runs, ms, tz=Asia/Tokyo`);
    console.log('view | compare (headline + previous period) | trend | scores 0–10 | all three in parallel');
    for (const [name, v] of Object.entries(views)) {
      const q = `tz=Asia/Tokyo&from=${v.from}&to=${v.to}`;
      const paths = [
        `/v1/metrics/nps/compare?${q}&previousFrom=${v.previousFrom}&previousTo=${v.previousTo}`,
        `/v1/metrics/nps/trend?${q}&interval=${v.interval}`,
        `/v1/metrics/scores?${q}`,
      ];
      const single = [];
      for (const p of paths) single.push(await time(p));
      const parallel: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        await Promise.all(paths.map(async (p) => (await app.request(p, { headers: { authorization: `Bearer ${project.secretKey}` } })).arrayBuffer()));
        parallel.push(performance.now() - start);
      }
      parallel.sort((a, b) => a - b);
      console.log([name, ...single.map((s) => fmt(s, 1)), fmt(parallel[3]!, 1)].join(' | '));
    }
  } finally {
    await bench.drop();
  }
}
