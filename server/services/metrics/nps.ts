import { sql } from 'drizzle-orm';
import { responses } from '../../../db/schema';
import { compareNps } from '../../analytics/compare';
import { summarizeNps, type CategoryCounts } from '../../analytics/nps';
import { bucketStarts, startOfBucket, type Interval } from '../../analytics/time';
import type { ProjectCtx } from '../context';
import { responseConditions, type ResponseFilters } from '../responses/filters';

export type MetricsFilters = Pick<ResponseFilters, 'surveyId' | 'from' | 'to' | 'channel' | 'locale' | 'language'>;

const categoryCounts = {
  promoters: sql<number>`count(*) filter (where ${responses.score} >= 9)`.mapWith(Number),
  passives: sql<number>`count(*) filter (where ${responses.score} between 7 and 8)`.mapWith(Number),
  detractors: sql<number>`count(*) filter (where ${responses.score} <= 6)`.mapWith(Number),
};

/** How many promoters, passives and detractors answered in the filtered set. */
export async function countCategories(ctx: ProjectCtx, filters: MetricsFilters): Promise<CategoryCounts> {
  const [row] = await ctx.db.select(categoryCounts).from(responses).where(responseConditions(ctx.projectId, filters));
  return row ?? { promoters: 0, passives: 0, detractors: 0 };
}

export async function npsSummary(ctx: ProjectCtx, filters: MetricsFilters) {
  return summarizeNps(await countCategories(ctx, filters));
}

/** NPS per day, week (ISO, Monday) or month, cut in the caller's time zone, with every bucket present. */
export async function npsTrend(
  ctx: ProjectCtx,
  filters: MetricsFilters & { from: Date; to: Date },
  interval: Interval,
  timeZone: string,
) {
  const bucket = sql<Date>`date_trunc(${interval}, ${responses.createdAt}, ${timeZone})`.mapWith(
    (value: string | Date) => new Date(value),
  );
  const rows = await ctx.db
    .select({ bucket, ...categoryCounts })
    .from(responses)
    .where(responseConditions(ctx.projectId, filters))
    .groupBy(sql`1`);
  // Postgres labels a day whose midnight happens twice (Havana, Azores) by the second midnight; normalising
  // through startOfBucket keys both labels to the bucket start bucketStarts produces.
  const byStart = new Map(rows.map((row) => [startOfBucket(row.bucket, interval, timeZone).getTime(), row]));
  const points = bucketStarts(filters.from, filters.to, interval, timeZone).map((start) => {
    const counts = byStart.get(start.getTime()) ?? { promoters: 0, passives: 0, detractors: 0 };
    const { nps, n, ci95 } = summarizeNps(counts);
    return { start: start.toISOString(), n, nps, ci95, ...counts };
  });
  return { interval, timeZone, points };
}

/** Whether NPS really moved between two periods, or the change is within what chance would give. */
export async function npsComparison(ctx: ProjectCtx, current: MetricsFilters, previous: MetricsFilters) {
  const [a, b] = await Promise.all([countCategories(ctx, current), countCategories(ctx, previous)]);
  return compareNps(a, b);
}
