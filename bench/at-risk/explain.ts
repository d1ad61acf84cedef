// The plan of GET /v1/people/at-risk on a few thousand rows: `DATABASE_URL=postgres://… npx tsx
// bench/at-risk/explain.ts [people per project]`. Three projects of the same size (so that project_id has to
// narrow), each person with two answers, a case on every detractor answer (a third of them due in the past, one
// in five replied to). Makes its own database, prints EXPLAIN ANALYZE without and with a trait segment, drops it.
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client';
import { systemClock } from '../../server/clock';
import { atRiskQuery } from '../../server/services/people/at-risk';
import { createBenchDatabase } from '../support/postgres';

const PEOPLE = Number(process.argv[2] ?? 3000);
const bench = await createBenchDatabase('at_risk');
const run = (text: string) => bench.handle.db.execute(sql.raw(text));
try {
  await run(`set session_replication_role = replica`); // no rollup triggers for the bulk load
  for (const p of [1, 2, 3]) {
    const project = `prj_${p}`;
    await run(`insert into projects (id, name) values ('${project}', 'Bench ${p}')`);
    await run(`insert into surveys (id, project_id, name, question, follow_up_question, targeting, appearance)
      values ('srv_${p}', '${project}', 'NPS', '{}', '{}', '{}', '{}')`);
    await run(`insert into people (id, project_id, external_id, traits)
      select 'per_${p}_' || i, '${project}', 'ext_' || i, jsonb_build_object('plan', 'plan' || (i % 10))
      from generate_series(1, ${PEOPLE}) as i`);
    // Two answers each, a day apart; scores spread over 0..10, a comment with a sentiment on every other one.
    await run(`insert into responses (id, project_id, survey_id, person_id, score, category, comment, sentiment_score, channel, created_at)
      select 'rsp_${p}_' || i || '_' || k, '${project}', 'srv_${p}', 'per_${p}_' || i, s,
        case when s >= 9 then 'promoter' when s >= 7 then 'passive' else 'detractor' end,
        case when i % 2 = 0 then 'comment' end, case when i % 2 = 0 then ((i * 37 + k) % 21 - 10) / 10.0 end,
        'web', timestamptz '2026-01-01' + (i % 60) * interval '1 day' + k * interval '1 day'
      from generate_series(1, ${PEOPLE}) as i, generate_series(0, 1) as k, lateral (select ((i * 7 + k * 5) % 11)::int as s) as g`);
    await run(`insert into follow_ups (id, project_id, response_id, survey_id, person_id, status, due_at, created_at)
      select 'fol_' || r.id, r.project_id, r.id, r.survey_id, r.person_id,
        (array['open', 'in_progress', 'resolved'])[1 + (hashtext(r.id) & 3) % 3],
        r.created_at + interval '48 hours' + case when hashtext(r.id) % 3 = 0 then interval '0' else interval '90 days' end, r.created_at
      from responses r where r.project_id = '${project}' and r.score <= 6`);
    await run(`insert into follow_up_events (id, project_id, follow_up_id, kind, actor, created_at)
      select 'evt_' || f.id, f.project_id, f.id, 'reply', 'system', f.created_at + interval '1 hour'
      from follow_ups f where f.project_id = '${project}' and hashtext(f.id) % 5 = 0`);
  }
  await run(`analyze`);
  const counts = rowsOf<Record<string, unknown>>(await run(`select (select count(*) from people) as people,
    (select count(*) from responses) as responses, (select count(*) from follow_ups) as follow_ups,
    (select count(*) from follow_up_events) as events`))[0];
  console.log('rows', counts);
  const ctx = { db: bench.handle.db, projectId: 'prj_2', clock: systemClock };
  const now = new Date('2026-03-15T00:00:00.000Z');
  for (const [label, segment] of [['whole project', undefined], ['segment plan = plan3', { trait: 'plan', eq: 'plan3' }]] as const) {
    const plan = rowsOf<Record<string, string>>(
      await bench.handle.db.execute(sql`explain (analyze, buffers, costs off) ${atRiskQuery(ctx, { limit: 50, segment }, now)}`),
    ).map((row) => Object.values(row)[0]);
    console.log(`\n== ${label}\n${plan.join('\n')}`);
  }
} finally {
  await bench.drop();
}
