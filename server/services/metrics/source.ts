import { and, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { responseRollups, responses, rollupWatermarks } from '../../../db/schema';
import { responseConditions } from '../responses/filters';
import type { MetricsFilters } from './nps';

const HOUR = 3_600_000;
const ceilHour = (d: Date) => new Date(Math.ceil(d.getTime() / HOUR) * HOUR);
const floorHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR) * HOUR);

/** The hourly rollups answer every filter but the detected language and a segment: they keep neither. */
export const rollupsCanAnswer = (filters: MetricsFilters) => filters.language === undefined && filters.segment === undefined;

export const isWholeHour = (d: Date) => d.getTime() % HOUR === 0;

/** What is counted: the three NPS categories, or answers per score 0..10 (columns s0..s10). */
export type Measure = 'categories' | 'scores';

const SCORES = Array.from({ length: 11 }, (_, score) => score);

function rollupSums(measure: Measure): SQL {
  if (measure === 'categories') {
    return sql`sum(${responseRollups.promoters}) as promoters, sum(${responseRollups.passives}) as passives,
      sum(${responseRollups.detractors}) as detractors`;
  }
  // Postgres arrays are 1-based: score s is counted in scores[s + 1].
  return sql.join(SCORES.map((s) => sql`sum(${responseRollups.scores}[${sql.raw(String(s + 1))}]) as ${sql.raw(`s${s}`)}`), sql`, `);
}

function rawIndicators(measure: Measure): SQL {
  if (measure === 'categories') {
    return sql`(${responses.score} >= 9)::int as promoters, (${responses.score} between 7 and 8)::int as passives,
      (${responses.score} <= 6)::int as detractors`;
  }
  return sql.join(SCORES.map((s) => sql`(${responses.score} = ${sql.raw(String(s))})::int as ${sql.raw(`s${s}`)}`), sql`, `);
}

export const measureColumns = (measure: Measure) =>
  measure === 'categories' ? ['promoters', 'passives', 'detractors'] : SCORES.map((s) => `s${s}`);

/**
 * Counts per bucket, as a subquery `(bucket, promoters, passives, detractors)` (or `(bucket, s0 … s10)`):
 * whole hours of the range come from response_rollups plus the answers in them at or after the project's
 * watermark (the tail, which the rollups do not count yet), the partial hours at its ends (only when from/to
 * are not on the hour) from the responses themselves. One statement, so the rollups and the watermark are
 * read from the same snapshot whatever a concurrent fold commits. `bucketOf` maps a timestamp expression to
 * its bucket.
 */
export function countsFromRollups(
  projectId: string,
  filters: MetricsFilters,
  bucketOf: (ts: SQL) => SQL,
  measure: Measure = 'categories',
): SQL {
  const { from, to } = filters;
  const wholeFrom = from ? ceilHour(from) : undefined;
  const wholeTo = to ? floorHour(to) : undefined;
  const emptyMiddle = wholeFrom && wholeTo && wholeFrom.getTime() >= wholeTo.getTime();
  const segment = and(
    eq(responseRollups.projectId, projectId),
    filters.surveyId ? eq(responseRollups.surveyId, filters.surveyId) : undefined,
    filters.channel ? eq(responseRollups.channel, filters.channel) : undefined,
    filters.locale ? eq(responseRollups.locale, filters.locale) : undefined,
    wholeFrom ? gte(responseRollups.hour, wholeFrom) : undefined,
    wholeTo ? lt(responseRollups.hour, wholeTo) : undefined,
  );
  // Sum the segment's rows per hour first (the primary key is in hour order), so the time-zone arithmetic of
  // bucketOf runs once per hour rather than once per survey × channel × locale combination.
  const columns = sql.raw(measureColumns(measure).join(', '));
  const rolled = sql`select ${bucketOf(sql`hour`)} as bucket, ${columns} from (
      select ${responseRollups.hour} as hour, ${rollupSums(measure)}
      from ${responseRollups} where ${segment} group by 1) as hourly`;

  // The partial hours: [from, first whole hour) and [last whole hour, to); the whole range when it has no whole hour.
  const edges = emptyMiddle
    ? [and(gte(responses.createdAt, from!), lt(responses.createdAt, to!))]
    : [
        from && !isWholeHour(from) ? and(gte(responses.createdAt, from), lt(responses.createdAt, wholeFrom!)) : undefined,
        to && !isWholeHour(to) ? and(gte(responses.createdAt, wholeTo!), lt(responses.createdAt, to)) : undefined,
      ].filter((c) => c !== undefined);
  const raw = (where: SQL | undefined) =>
    sql`select ${bucketOf(sql`${responses.createdAt}`)} as bucket, ${rawIndicators(measure)} from ${responses} where ${where}`;
  const parts = [];
  if (!emptyMiddle) {
    const tail = and(responseConditions(projectId, { ...filters, from: wholeFrom, to: wholeTo }), gte(responses.createdAt, foldedTo(projectId)));
    parts.push(rolled, raw(tail));
  }
  if (edges.length > 0) parts.push(raw(and(responseConditions(projectId, { ...filters, from: undefined, to: undefined }), or(...edges))));
  return sql.join(parts, sql` union all `);
}

/**
 * Where the project's rollups stop counting, as an expression: the answers created from then on are the tail,
 * which every read counts from the answers themselves. A project never folded has no watermark: all of its
 * answers are the tail.
 */
export function foldedTo(projectId: string): SQL {
  return sql`coalesce((select ${rollupWatermarks.foldedTo} from ${rollupWatermarks}
    where ${rollupWatermarks.projectId} = ${projectId}), '-infinity')`;
}
