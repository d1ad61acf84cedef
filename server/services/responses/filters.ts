import { and, eq, gte, ilike, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { responses, type ResponseCategory, type ResponseChannel } from '../../../db/schema';
import { compileSegmentFilter, type SegmentFilter } from '../segments/filter';

/** Filters shared by the responses feed, the CSV export and the metrics. Times are already resolved instants. */
export type ResponseFilters = {
  surveyId?: string;
  from?: Date;
  to?: Date;
  category?: ResponseCategory;
  channel?: ResponseChannel;
  locale?: string;
  language?: string;
  hasComment?: boolean;
  personId?: string;
  sentiment?: 'positive' | 'negative' | 'neutral';
  theme?: string;
  q?: string;
  /** A saved segment's filter: the query must left-join the answer's person (`people`), whose traits it reads. */
  segment?: SegmentFilter;
};

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export function responseConditions(projectId: string, f: ResponseFilters): SQL {
  return and(
    eq(responses.projectId, projectId),
    f.surveyId ? eq(responses.surveyId, f.surveyId) : undefined,
    f.from ? gte(responses.createdAt, f.from) : undefined,
    f.to ? lt(responses.createdAt, f.to) : undefined,
    f.category ? eq(responses.category, f.category) : undefined,
    f.channel ? eq(responses.channel, f.channel) : undefined,
    f.locale ? eq(responses.locale, f.locale) : undefined,
    f.language ? eq(responses.language, f.language) : undefined,
    f.hasComment === true ? isNotNull(responses.comment) : undefined,
    f.hasComment === false ? isNull(responses.comment) : undefined,
    f.personId ? eq(responses.personId, f.personId) : undefined,
    f.sentiment ? eq(responses.sentimentLabel, f.sentiment) : undefined,
    f.theme ? sql`${responses.themes} @> ${JSON.stringify([f.theme])}::jsonb` : undefined,
    f.q ? ilike(responses.comment, `%${escapeLike(f.q)}%`) : undefined,
    f.segment ? compileSegmentFilter(f.segment) : undefined,
  )!;
}
