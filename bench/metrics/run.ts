// bench/metrics: seeds a project with N responses spread over a year on the local Postgres, then times the
// Overview's metrics calls through the API (in-process, no network): overall NPS for the year, a weekly
// trend for the year (UTC and Asia/Tokyo), and a month-over-month comparison.
// The newest BENCH_TAIL answers of each project (default 10000) are left after the rollup watermark, as the
// answers since the last fold are on a busy instance, so every read also counts them from the answers.
// Run: npm run bench:metrics            sizes via BENCH_SIZES=100000,1000000[,10000000]
import '../../server/quiet-dotenv';
import { createBenchApp, medianGetMs } from '../support/app-timer';
import { systemClock } from '../../server/clock';
import { createProject } from '../../server/services/projects/create';
import { createSurvey } from '../../server/services/surveys/manage';
import { fmt, machineLine } from '../support/load';
import { createBenchDatabase } from '../support/postgres';
import { loadResponsesInBulk } from '../support/rollups';

const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const RUNS = 7;
const TAIL = Number(process.env.BENCH_TAIL ?? 10_000);

console.log(`bench/metrics — ${new Date().toISOString()} — ${machineLine()}`);
console.log(`${TAIL} answers per project after the rollup watermark (the tail)`);
console.log('responses | seed s | NPS year ms (median of 7) | weekly trend UTC ms | weekly trend Tokyo ms | compare ms | NPS one survey+channel ms');

for (const size of SIZES) {
  const bench = await createBenchDatabase(`metrics${size}`);
  try {
    const db = bench.handle.db;
    const sql = (db as unknown as { $client: import('postgres').Sql }).$client;
    const project = await createProject(db, { name: 'Bench' });
    const ctx = { db, projectId: project.id, clock: systemClock };
    const surveys = [await createSurvey(ctx, { name: 'A' }), await createSurvey(ctx, { name: 'B' })];
    // A neighbour project with as many rows, so the tenant filter has something to filter out.
    const neighbour = await createProject(db, { name: 'Neighbour' });
    const neighbourSurvey = await createSurvey({ ...ctx, projectId: neighbour.id }, { name: 'N' });

    const t0 = performance.now();
    // The trigger's own cost is bench/ingest's business; here the rollups are built as its backfill does.
    await loadResponsesInBulk(sql, async () => {
      for (const [projectId, surveyIds] of [
        [project.id, surveys.map((s) => s.id)],
        [neighbour.id, [neighbourSurvey.id]],
      ] as const) {
        await sql`
          insert into responses (id, project_id, survey_id, score, category, channel, locale, created_at, updated_at)
          select 'rsp_' || ${projectId} || '_' || g, ${projectId}, (${sql.array([...surveyIds])}::text[])[1 + g % ${surveyIds.length}],
                 s, case when s >= 9 then 'promoter' when s >= 7 then 'passive' else 'detractor' end,
                 (array['web','email','api'])[1 + g % 3], (array['en','ja'])[1 + g % 2],
                 t, t
          from generate_series(1, ${size}) g,
               lateral (select ((g::bigint * 7919) % 11)::int as s, timestamptz '2025-01-01' + (g::float8 / ${size}) * interval '365 days' as t) x`;
      }
    }, { tail: TAIL });
    const seedSeconds = (performance.now() - t0) / 1000;

    const app = await createBenchApp(db);
    const time = medianGetMs(app, project.secretKey, RUNS);
    const year = 'from=2025-01-01&to=2026-01-01';
    const results = [
      await time(`/v1/metrics/nps?${year}`),
      await time(`/v1/metrics/nps/trend?interval=week&${year}`),
      await time(`/v1/metrics/nps/trend?interval=week&${year}&tz=Asia/Tokyo`),
      await time('/v1/metrics/nps/compare?from=2025-12-01&to=2026-01-01&previousFrom=2025-11-01&previousTo=2025-12-01'),
      await time(`/v1/metrics/nps?${year}&surveyId=${surveys[0]!.id}&channel=web`),
    ];
    console.log([size, fmt(seedSeconds, 1), ...results.map((r) => fmt(r, 1))].join(' | '));
  } finally {
    await bench.drop();
  }
}
