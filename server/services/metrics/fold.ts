import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../../db/client';

/**
 * How far behind the clock a fold stops. An answer dated before the watermark when it is written is counted
 * into its rollup row by the trigger, under that row's lock; the margin keeps the answers being written right
 * now (dated at their transaction's start) after the watermark, on the path that touches no shared row.
 */
export const FOLD_MARGIN_MS = 2_000;

const SCORE_SLOTS = Array.from({ length: 11 }, (_, i) => i + 1);
const scoreCounts = sql.raw(
  `array[${SCORE_SLOTS.map((slot) => `count(*) filter (where score = ${slot - 1})`).join(', ')}]::integer[]`,
);
const addedScores = sql.raw(`array[${SCORE_SLOTS.map((slot) => `t.scores[${slot}] + excluded.scores[${slot}]`).join(', ')}]`);

/**
 * Moves one project's watermark forward to `until` (never back), adding the answers it passes to the hourly
 * rollups. The exclusive lock waits for every transaction that has written an answer of the project to
 * commit (they hold it shared), so none of them can sit uncommitted below the new watermark; answers written
 * after the fold see the new watermark and count themselves if they fall below it. Returns how many answers
 * were folded.
 */
export async function foldRollups(db: Database, projectId: string, until: Date): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('kizuna.rollups'), hashtext(${projectId}))`);
    const [mark] = rowsOf<{ folded_to: string | Date }>(
      await tx.execute(sql`select folded_to from rollup_watermarks where project_id = ${projectId}`),
    );
    const from = mark ? new Date(mark.folded_to) : null;
    if (from && from.getTime() >= until.getTime()) return 0;
    const folded = rowsOf<{ answers: string | number }>(
      await tx.execute(sql`
        with counted as (
          select project_id, date_trunc('hour', created_at, 'UTC') as hour, survey_id, channel, coalesce(locale, '') as locale,
                 count(*) filter (where score >= 9) as promoters, count(*) filter (where score between 7 and 8) as passives,
                 count(*) filter (where score <= 6) as detractors, ${scoreCounts} as scores
          from responses
          where project_id = ${projectId}
            and created_at < ${until.toISOString()}::timestamptz
            ${from ? sql`and created_at >= ${from.toISOString()}::timestamptz` : sql``}
          group by 1, 2, 3, 4, 5),
        added as (
          insert into response_rollups as t (project_id, hour, survey_id, channel, locale, shard, promoters, passives, detractors, scores)
          select project_id, hour, survey_id, channel, locale, 0, promoters, passives, detractors, scores from counted
          on conflict (project_id, hour, survey_id, channel, locale, shard) do update set
            promoters = t.promoters + excluded.promoters,
            passives = t.passives + excluded.passives,
            detractors = t.detractors + excluded.detractors,
            scores = ${addedScores})
        select coalesce(sum(promoters + passives + detractors), 0) as answers from counted`),
    );
    await tx.execute(sql`
      insert into rollup_watermarks (project_id, folded_to) values (${projectId}, ${until.toISOString()}::timestamptz)
      on conflict (project_id) do update set folded_to = greatest(rollup_watermarks.folded_to, excluded.folded_to)`);
    return Number(folded[0]?.answers ?? 0);
  });
}

/** The projects with answers after their watermark and before `until`: the ones a fold to `until` would move. */
export async function projectsToFold(db: Database, until: Date): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      select p.id from projects as p left join rollup_watermarks as w on w.project_id = p.id
      where exists (
        select 1 from responses as r
        where r.project_id = p.id
          and r.created_at >= coalesce(w.folded_to, '-infinity')
          and r.created_at < ${until.toISOString()}::timestamptz)`),
  );
  return rows.map((row) => row.id);
}

/**
 * Folds every project with a tail up to `now` less the margin, one transaction per project (no lock spans
 * projects). Stops starting new projects once `deadline` (Date.now() milliseconds)
 * has passed; the rest are folded next time.
 */
export async function foldAllRollups(db: Database, now: Date, options: { deadline?: number } = {}) {
  const until = new Date(now.getTime() - FOLD_MARGIN_MS);
  let projects = 0;
  let answers = 0;
  for (const projectId of await projectsToFold(db, until)) {
    if (options.deadline !== undefined && Date.now() > options.deadline) break;
    answers += await foldRollups(db, projectId, until);
    projects++;
  }
  return { projects, answers };
}
