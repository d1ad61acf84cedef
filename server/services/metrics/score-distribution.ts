import { sql } from 'drizzle-orm';
import { responses } from '../../../db/schema';
import type { ProjectCtx } from '../context';
import { responseConditions } from '../responses/filters';
import type { MetricsFilters } from './nps';

/** How many answers gave each score 0..10 in the filtered set: the dashboard's distribution chart. */
export async function scoreDistribution(ctx: ProjectCtx, filters: MetricsFilters) {
  const rows = await ctx.db
    .select({ score: responses.score, n: sql<number>`count(*)`.mapWith(Number) })
    .from(responses)
    .where(responseConditions(ctx.projectId, filters))
    .groupBy(responses.score);
  const counts = Array.from({ length: 11 }, () => 0);
  for (const row of rows) counts[row.score] = row.n;
  return { scores: counts.map((n, score) => ({ score, n })), n: counts.reduce((a, b) => a + b, 0) };
}
