import { and, eq, sql, type SQL } from 'drizzle-orm';
import { people, responses } from '../../../db/schema';
import { compareNps } from '../../analytics/compare';
import { summarizeNps, type CategoryCounts } from '../../analytics/nps';
import { bucketStarts, nextBucketStart, startOfBucket, type Interval } from '../../analytics/time';
import type { ProjectCtx } from '../context';
import { responseConditions, type ResponseFilters } from '../responses/filters';
import type { SegmentFilter } from '../segments/filter';
import { countsFromRollups, isWholeHour, rollupsCanAnswer } from './source';

export type MetricsFilters = Pick<ResponseFilters, 'surveyId' | 'from' | 'to' | 'channel' | 'locale' | 'language'> & {
  /** A saved segment's filter (services/segments): the rollups do not know traits, so the answers are read. */
  segment?: SegmentFilter;
};

const sums = {
  promoters: sql<number>`coalesce(sum(promoters), 0)`.mapWith(Number),
  passives: sql<number>`coalesce(sum(passives), 0)`.mapWith(Number),
  detractors: sql<number>`coalesce(sum(detractors), 0)`.mapWith(Number),
};
const rawCounts = {
  promoters: sql<number>`count(*) filter (where ${responses.score} >= 9)`.mapWith(Number),
  passives: sql<number>`count(*) filter (where ${responses.score} between 7 and 8)`.mapWith(Number),
  detractors: sql<number>`count(*) filter (where ${responses.score} <= 6)`.mapWith(Number),
};

/**
 * What a single answer says (its category, sentiment, themes, words): a filter the summary alone can take, as the
 * responses feed does. The rollups keep none of it, so with any of them the answers themselves are counted.
 */
export type AnswerFilters = Pick<ResponseFilters, 'category' | 'sentiment' | 'theme' | 'q'>;

const narrowsAnswers = (f: AnswerFilters) => f.category !== undefined || f.sentiment !== undefined || f.theme !== undefined || f.q !== undefined;

/** How many promoters, passives and detractors answered in the filtered set. */
export async function countCategories(ctx: ProjectCtx, filters: MetricsFilters & AnswerFilters): Promise<CategoryCounts> {
  if (rollupsCanAnswer(filters) && !narrowsAnswers(filters)) {
    const counts = countsFromRollups(ctx.projectId, filters, () => sql`null::timestamptz`);
    const [row] = await ctx.db.select(sums).from(sql`(${counts}) as counts`);
    return row ?? { promoters: 0, passives: 0, detractors: 0 };
  }
  const [row] = await answersOf(ctx, filters, rawCounts);
  return row ?? { promoters: 0, passives: 0, detractors: 0 };
}

/**
 * The filtered answers themselves, with the answering person's traits beside them when a segment needs them
 * (a left join: an answer without a person is in a segment only through its channel, locale or survey).
 */
function answersOf<T extends Record<string, SQL>>(ctx: ProjectCtx, filters: MetricsFilters & AnswerFilters, columns: T, groupByFirst = false) {
  type Row = { [K in keyof T]: T[K] extends SQL<infer U> ? U : never };
  const where = responseConditions(ctx.projectId, filters);
  const select = ctx.db.select(columns as Record<string, SQL>);
  const query = filters.segment
    ? select
        .from(responses)
        .leftJoin(people, and(eq(people.id, responses.personId), eq(people.projectId, ctx.projectId)))
        .where(where)
        .$dynamic()
    : select.from(responses).where(where).$dynamic();
  // The two builders differ only in their join; drizzle's types cannot follow the branch, the rows are alike.
  return (groupByFirst ? query.groupBy(sql`1`) : query) as unknown as Promise<Row[]>;
}

export async function npsSummary(ctx: ProjectCtx, filters: MetricsFilters & AnswerFilters) {
  return summarizeNps(await countCategories(ctx, filters));
}

/** NPS per day, week (ISO, Monday) or month, cut in the caller's time zone, with every bucket present. */
export async function npsTrend(
  ctx: ProjectCtx,
  filters: MetricsFilters & { from: Date; to: Date },
  interval: Interval,
  timeZone: string,
) {
  const starts = bucketStarts(filters.from, filters.to, interval, timeZone);
  const bucketOf = (ts: SQL) => sql`date_trunc(${interval}, ${ts}, ${timeZone})`;
  // Hourly rollups can be regrouped into this zone's buckets only if every bucket starts on a UTC hour
  // (true for whole-hour zones such as Asia/Tokyo; not for India's +05:30, which reads the answers themselves).
  const byRollups = rollupsCanAnswer(filters) && starts.every(isWholeHour);
  const rows = byRollups
    ? await ctx.db
        .select({ bucket: sql<Date>`bucket`.mapWith(toDate), ...sums })
        .from(sql`(${countsFromRollups(ctx.projectId, filters, bucketOf)}) as counts`)
        .groupBy(sql`1`)
    : await answersOf(ctx, filters, { bucket: sql<Date>`${bucketOf(sql`${responses.createdAt}`)}`.mapWith(toDate), ...rawCounts }, true);
  // Postgres labels a day whose midnight happens twice (Havana, Azores) by the second midnight; normalising
  // through startOfBucket keys both labels to the bucket start bucketStarts produces.
  const byStart = new Map(rows.map((row) => [startOfBucket(row.bucket, interval, timeZone).getTime(), row]));
  const points = starts.map((start, i) => {
    const counts = byStart.get(start.getTime()) ?? { promoters: 0, passives: 0, detractors: 0 };
    const { nps, n, ci95 } = summarizeNps(counts);
    const end = starts[i + 1] ?? nextBucketStart(start, interval, timeZone);
    // A bucket the range cuts (it starts before `from` or ends after `to`) counts only part of its period:
    // charts mark it, so a thin first or last week is not read as a drop.
    const partial = start < filters.from || end > filters.to;
    return { start: start.toISOString(), end: end.toISOString(), partial, n, nps, ci95, ...counts };
  });
  return { interval, timeZone, from: filters.from.toISOString(), to: filters.to.toISOString(), points };
}

const toDate = (value: string | Date) => new Date(value);

/** Whether NPS really moved between two periods, or the change is within what chance would give. */
export async function npsComparison(ctx: ProjectCtx, current: MetricsFilters, previous: MetricsFilters) {
  const [a, b] = await Promise.all([countCategories(ctx, current), countCategories(ctx, previous)]);
  return compareNps(a, b);
}
