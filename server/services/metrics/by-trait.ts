import { and, desc, eq, sql } from 'drizzle-orm';
import { people, responses } from '../../../db/schema';
import { compareNps } from '../../analytics/compare';
import { summarizeNps, type CategoryCounts } from '../../analytics/nps';
import type { ProjectCtx } from '../context';
import { responseConditions } from '../responses/filters';
import type { MetricsFilters } from './nps';

/** The most answered values are shown; a trait with thousands of values (an id) is not a segmentation. */
export const MAX_TRAIT_VALUES = 50;

/**
 * NPS per value of one person trait (its text form: 50 and "50" are one value; null gathers answers whose person
 * lacks the trait, or who have no person), and for each value whether it differs significantly from all the
 * other answers: the two-sample adjusted-Wald test of /v1/metrics/nps/compare, this value against the rest.
 */
export async function npsByTrait(ctx: ProjectCtx, filters: MetricsFilters, trait: string) {
  const value = sql<string | null>`${people.traits} ->> ${trait}::text`;
  const rows = await ctx.db
    .select({
      value,
      promoters: sql<number>`count(*) filter (where ${responses.score} >= 9)`.mapWith(Number),
      passives: sql<number>`count(*) filter (where ${responses.score} between 7 and 8)`.mapWith(Number),
      detractors: sql<number>`count(*) filter (where ${responses.score} <= 6)`.mapWith(Number),
    })
    .from(responses)
    .leftJoin(people, and(eq(people.id, responses.personId), eq(people.projectId, ctx.projectId)))
    .where(responseConditions(ctx.projectId, filters))
    .groupBy(sql`1`)
    .orderBy(desc(sql`count(*)`), sql`1`);
  const total: CategoryCounts = { promoters: 0, passives: 0, detractors: 0 };
  for (const row of rows) {
    total.promoters += row.promoters;
    total.passives += row.passives;
    total.detractors += row.detractors;
  }
  const shown = rows.slice(0, MAX_TRAIT_VALUES);
  const data = shown.map(({ value: v, ...counts }) => ({ value: v, ...summarizeNps(counts) }));
  const differences = shown.map(({ value: v, ...counts }) => {
    const rest = {
      promoters: total.promoters - counts.promoters,
      passives: total.passives - counts.passives,
      detractors: total.detractors - counts.detractors,
    };
    const { difference, differenceCi95, pValue, significant } = compareNps(counts, rest);
    return { value: v, against: 'rest' as const, difference, differenceCi95, pValue, significant };
  });
  return { trait, data, differences, truncated: rows.length > MAX_TRAIT_VALUES };
}
