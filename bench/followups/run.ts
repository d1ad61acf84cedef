// bench/followups: the Follow-ups page's API calls on a project with N responses over the past year and a
// follow-up case for one detractor in three (the last 30 days still open or in progress, older ones resolved),
// local Postgres, in-process (app.request, no network), median of 5.
// Run: npm run bench:followups      sizes via BENCH_SIZES=100000,1000000
import '../../server/quiet-dotenv';
import type { Sql } from 'postgres';
import { systemClock } from '../../server/clock';
import { createProject } from '../../server/services/projects/create';
import { createSurvey } from '../../server/services/surveys/manage';
import { createBenchApp, medianGetMs } from '../support/app-timer';
import { fmt, machineLine } from '../support/load';
import { createBenchDatabase } from '../support/postgres';
import { loadResponsesInBulk } from '../support/rollups';

const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);

console.log(`bench/followups — ${new Date().toISOString()} — ${machineLine()}`);
for (const size of SIZES) {
  const bench = await createBenchDatabase(`followups${size}`);
  try {
    const db = bench.handle.db;
    const sql = (db as unknown as { $client: Sql }).$client;
    const project = await createProject(db, { name: 'Bench', timeZone: 'Asia/Tokyo' });
    const survey = await createSurvey({ db, projectId: project.id, clock: systemClock }, { name: 'NPS' });
    const people = size / 10; // ten answers a person over the year, so re-answers (recovery) exist
    await sql`
      insert into people (id, project_id, external_id, created_at, updated_at)
      select 'per_' || g, ${project.id}, 'cust-' || g, now() - interval '1 year', now() - interval '1 year'
      from generate_series(1, ${people}) g`;
    await loadResponsesInBulk(sql, () => sql`
      insert into responses (id, project_id, survey_id, person_id, score, category, channel, created_at, updated_at)
      select 'rsp_' || g, ${project.id}, ${survey.id}, 'per_' || (1 + g % ${people}),
             s, case when s >= 9 then 'promoter' when s >= 7 then 'passive' else 'detractor' end, 'web', t, t
      from generate_series(1, ${size}) g,
           lateral (select ((g::bigint * 7919) % 11)::int as s,
                           now() - interval '365 days' + (g::float8 / ${size}) * interval '365 days' as t) x`);
    await sql`
      insert into follow_ups (id, project_id, response_id, survey_id, person_id, status, due_at, first_action_at, resolved_at, created_at, updated_at)
      select 'fup_' || r.id, r.project_id, r.id, r.survey_id, r.person_id,
             case when recent then (case when hashtext(r.id) % 3 = 0 then 'in_progress' else 'open' end) else 'resolved' end,
             r.created_at + interval '48 hours',
             case when recent then null else r.created_at + interval '5 hours' end,
             case when recent then null else r.created_at + (hashtext(r.id) % 60 + 60) * interval '1 hour' end,
             r.created_at, r.created_at
      from responses r, lateral (select r.created_at > now() - interval '30 days' as recent) x
      where r.category = 'detractor' and substr(r.id, 5)::int % 3 = 0`;
    await sql`vacuum analyze`;
    const [counts] = await sql<{ cases: number; open: number }[]>`
      select count(*)::int as cases, count(*) filter (where status in ('open', 'in_progress'))::int as open from follow_ups`;

    const app = await createBenchApp(db);
    const time = medianGetMs(app, project.secretKey, 5);
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    console.log(`\n${size.toLocaleString('en')} responses, ${counts!.cases.toLocaleString('en')} cases (${counts!.open.toLocaleString('en')} open) — median of 5, ms`);
    const calls: [string, string][] = [
      ['open cases, soonest due first, first 100 (the page\'s open tabs)', '/v1/followups?status=open,in_progress&sort=due&limit=100'],
      ['overdue, soonest due first, first 100', '/v1/followups?overdue=true&sort=due&limit=100'],
      ['open cases, newest first, first 100', '/v1/followups?status=open,in_progress&limit=100'],
      ['closed, first 100', '/v1/followups?status=resolved,dismissed&limit=100'],
      ['metrics, all time (the page\'s panel)', '/v1/metrics/followups?tz=Asia/Tokyo'],
      ['metrics, last 30 days', `/v1/metrics/followups?tz=Asia/Tokyo&from=${monthAgo}`],
    ];
    for (const [label, path] of calls) console.log(`${label} | ${fmt(await time(path), 1)}`);
  } finally {
    await bench.drop();
  }
}
