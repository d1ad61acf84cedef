import { sql } from 'drizzle-orm';
import { rowsOf, type Database, type Tx } from '../../../db/client';

/**
 * How far behind the clock a fold seals. An answer dated below the first watermark when it is written counts
 * itself into its rollup row (under that row's lock), and one between the two watermarks marks the range as
 * changed; the margin keeps the answers being written right now (dated at their transaction's start) after
 * both, on the path that touches no shared row.
 */
export const FOLD_MARGIN_MS = 2_000;

type Mark = { foldedTo: Date; sealedTo: Date; changes: number };
type Counted = { hour: Date; survey_id: string; channel: string; locale: string; promoters: number; passives: number; detractors: number; scores: number[] };

const SCORES = Array.from({ length: 11 }, (_, score) => score);
const scoreCounts = sql.raw(`array[${SCORES.map((score) => `count(*) filter (where score = ${score})`).join(', ')}]::integer[]`);
const addedScores = sql.raw(`array[${SCORES.map((score) => `t.scores[${score + 1}] + excluded.scores[${score + 1}]`).join(', ')}]`);

async function markOf(tx: Tx, projectId: string): Promise<Mark | null> {
  const [row] = rowsOf<{ folded_to: string | Date; sealed_to: string | Date; sealed_changes: string | number }>(
    await tx.execute(sql`select folded_to, sealed_to, sealed_changes from rollup_watermarks where project_id = ${projectId}`),
  );
  return row ? { foldedTo: new Date(row.folded_to), sealedTo: new Date(row.sealed_to), changes: Number(row.sealed_changes) } : null;
}

const sameMark = (a: Mark, b: Mark) =>
  a.foldedTo.getTime() === b.foldedTo.getTime() && a.sealedTo.getTime() === b.sealedTo.getTime() && a.changes === b.changes;

/** The project's answers created in [from, to), counted per hour and segment as the rollups keep them. */
async function countAnswers(tx: Tx, projectId: string, from: Date | null, to: Date): Promise<Counted[]> {
  const rows = rowsOf<Counted>(
    await tx.execute(sql`
      select date_trunc('hour', created_at, 'UTC') as hour, survey_id, channel, coalesce(locale, '') as locale,
             count(*) filter (where score >= 9)::int as promoters, count(*) filter (where score between 7 and 8)::int as passives,
             count(*) filter (where score <= 6)::int as detractors, ${scoreCounts} as scores
      from responses
      where project_id = ${projectId}
        and created_at < ${to.toISOString()}::timestamptz
        ${from ? sql`and created_at >= ${from.toISOString()}::timestamptz` : sql``}
      group by 1, 2, 3, 4`),
  );
  return rows.map((row) => ({ ...row, hour: new Date(row.hour), scores: row.scores.map(Number) }));
}

async function addToRollups(tx: Tx, projectId: string, counted: Counted[]) {
  if (counted.length === 0) return;
  await tx.execute(sql`
    insert into response_rollups as t (project_id, hour, survey_id, channel, locale, promoters, passives, detractors, scores)
    select ${projectId}, hour, survey_id, channel, locale, promoters, passives, detractors, scores
    from jsonb_to_recordset(${JSON.stringify(counted)}::jsonb)
      as c(hour timestamptz, survey_id text, channel text, locale text, promoters integer, passives integer, detractors integer, scores integer[])
    on conflict (project_id, hour, survey_id, channel, locale) do update set
      promoters = t.promoters + excluded.promoters,
      passives = t.passives + excluded.passives,
      detractors = t.detractors + excluded.detractors,
      scores = ${addedScores}`);
}

/**
 * One step of a project's fold: the answers between its two watermarks go into the hourly rollups, the first
 * watermark moves up to the second, and the second moves to `until` (never back). Those answers are counted
 * before the project's lock is taken; the exclusive lock then waits for every transaction that has written
 * an answer of the project to commit (they hold it shared), so none can sit uncommitted below the watermark,
 * and if any answer in the range changed meanwhile (sealed_changes moved), or another fold came first, it
 * counts again under the lock. Answers written after the fold see its watermarks. A project's first fold
 * counts everything before `until` under the lock. Returns how many answers were folded.
 */
export async function foldRollups(db: Database, projectId: string, until: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const before = await markOf(tx, projectId);
    const early = before ? await countAnswers(tx, projectId, before.foldedTo, before.sealedTo) : null;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('kizuna.rollups'), hashtext(${projectId}))`);
    const mark = await markOf(tx, projectId);
    let counted: Counted[];
    if (mark) {
      counted = early && before && sameMark(before, mark) ? early : await countAnswers(tx, projectId, mark.foldedTo, mark.sealedTo);
      await tx.execute(sql`
        update rollup_watermarks
        set folded_to = sealed_to, sealed_to = greatest(sealed_to, ${until.toISOString()}::timestamptz), sealed_changes = 0
        where project_id = ${projectId}`);
    } else {
      counted = await countAnswers(tx, projectId, null, until);
      await tx.execute(sql`
        insert into rollup_watermarks (project_id, folded_to, sealed_to)
        values (${projectId}, ${until.toISOString()}::timestamptz, ${until.toISOString()}::timestamptz)`);
    }
    await addToRollups(tx, projectId, counted);
    return counted.reduce((sum, row) => sum + row.promoters + row.passives + row.detractors, 0);
  });
}

/** The projects a fold to `until` would move: with answers between their watermarks, or after them and before `until`. */
export async function projectsToFold(db: Database, until: Date): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      select p.id from projects as p left join rollup_watermarks as w on w.project_id = p.id
      where exists (
        select 1 from responses as r
        where r.project_id = p.id
          and r.created_at >= coalesce(w.folded_to, '-infinity')
          and r.created_at < greatest(w.sealed_to, ${until.toISOString()}::timestamptz))`),
  );
  return rows.map((row) => row.id);
}

/**
 * One fold step for every project with something to fold, sealing up to `now` less the margin: one
 * transaction per project (no lock spans projects). Stops starting new projects once `deadline` (Date.now()
 * milliseconds) has passed; the rest are folded next time.
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
