import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../db/client';
import { responses } from '../../../db/schema';
import type { ProjectCtx } from '../context';
import { responseConditions } from '../responses/filters';
import type { MetricsFilters } from './nps';
import { countsFromRollups, rollupsCanAnswer } from './source';

const SCORES = Array.from({ length: 11 }, (_, score) => score);

/** How many answers gave each score 0..10 in the filtered set: the dashboard's distribution chart. */
export async function scoreDistribution(ctx: ProjectCtx, filters: MetricsFilters) {
  let counts: number[];
  if (rollupsCanAnswer(filters)) {
    const source = countsFromRollups(ctx.projectId, filters, () => sql`null::timestamptz`, 'scores');
    const sums = sql.join(SCORES.map((s) => sql.raw(`coalesce(sum(s${s}), 0)::bigint as s${s}`)), sql`, `);
    const result = await ctx.db.execute(sql`select ${sums} from (${source}) as counts`);
    const row = rowsOf<Record<string, string | number>>(result)[0] ?? {};
    counts = SCORES.map((s) => Number(row[`s${s}`] ?? 0));
  } else {
    const rows = await ctx.db
      .select({ score: responses.score, n: sql<number>`count(*)`.mapWith(Number) })
      .from(responses)
      .where(responseConditions(ctx.projectId, filters))
      .groupBy(responses.score);
    counts = SCORES.map(() => 0);
    for (const row of rows) counts[row.score] = row.n;
  }
  return { scores: counts.map((n, score) => ({ score, n })), n: counts.reduce((a, b) => a + b, 0) };
}
