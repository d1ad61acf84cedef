import { and, eq, inArray, sql } from 'drizzle-orm';
import { responses, surveys } from '../../../db/schema';
import { summarizeNps, type CategoryCounts } from '../../analytics/nps';
import type { ProjectCtx } from '../context';
import { responseConditions } from '../responses/filters';
import { readThemeDefinitions } from '../themes/definitions';
import { assertSurveyOfProject, type InsightFilters } from './segment';
import { mentionSentiment } from './theme-sentiment';

export type MatrixRows = 'channel' | 'locale' | 'language' | 'survey';

/** More rows than this are left out (the smallest first) and the reply says so. */
export const MAX_MATRIX_ROWS = 200;

const rowColumn = {
  channel: responses.channel,
  locale: responses.locale,
  language: responses.language,
  survey: responses.surveyId,
} as const;

const counts = {
  promoters: sql<number>`count(*) filter (where ${responses.score} >= 9)`.mapWith(Number),
  passives: sql<number>`count(*) filter (where ${responses.score} between 7 and 8)`.mapWith(Number),
  detractors: sql<number>`count(*) filter (where ${responses.score} <= 6)`.mapWith(Number),
};
const none: CategoryCounts = { promoters: 0, passives: 0, detractors: 0 };
const noCell = { ...none, sentimentSum: 0, sentimentCount: 0 };

/**
 * Answers per row value (channel, locale, detected language or survey) × project-defined theme: a cell counts
 * the row's answers whose comment mentions the theme, with their NPS and the theme's own average sentiment. Each row also has its total over all
 * its answers, commented or not, to compare the cells with. Rows with most answers first.
 */
export async function themeMatrix(ctx: ProjectCtx, filters: InsightFilters, rows: MatrixRows) {
  await assertSurveyOfProject(ctx, filters.surveyId);
  const row = rowColumn[rows];
  const where = responseConditions(ctx.projectId, filters);
  const [definitions, totals, cells] = await Promise.all([
    readThemeDefinitions(ctx.db, ctx.projectId),
    ctx.db.select({ key: row, ...counts }).from(responses).where(where).groupBy(sql`1`),
    ctx.db
      .select({
        key: row,
        theme: sql<string>`mention.theme`,
        ...counts,
        sentimentSum: sql<number>`coalesce(sum(${mentionSentiment}), 0)`.mapWith(Number),
        sentimentCount: sql<number>`count(${mentionSentiment})`.mapWith(Number),
      })
      .from(responses)
      .innerJoin(sql`lateral jsonb_array_elements_text(${responses.themes}) as mention(theme)`, sql`true`)
      .where(where)
      .groupBy(sql`1`, sql`2`),
  ]);
  const columns = definitions.map((d) => d.name);
  const cellOf = new Map(cells.map(({ key, theme, ...c }) => [`${key}\u0000${theme}`, c]));
  const ordered = totals
    .map(({ key, ...c }) => ({ key: key as string | null, counts: c, n: c.promoters + c.passives + c.detractors }))
    .sort((a, b) => b.n - a.n || String(a.key).localeCompare(String(b.key)));
  const kept = ordered.slice(0, MAX_MATRIX_ROWS);
  const labels = rows === 'survey' ? await surveyNames(ctx, kept.map((r) => r.key).filter((k) => k !== null)) : null;

  return {
    rows,
    cols: 'theme' as const,
    columns,
    truncated: ordered.length > kept.length,
    data: kept.map(({ key, counts: rowCounts }) => ({
      key,
      label: labels?.get(key ?? '') ?? key,
      total: summarizeNps(rowCounts),
      cells: columns.map((theme) => {
        const { sentimentSum, sentimentCount, ...cell } = cellOf.get(`${key}\u0000${theme}`) ?? noCell;
        // The theme's own sentiment in these comments (see theme-sentiment.ts), 3 decimals as in /v1/insights/themes.
        const averageSentiment = sentimentCount === 0 ? null : Math.round((sentimentSum / sentimentCount) * 1000) / 1000 || 0;
        return { theme, ...summarizeNps(cell), averageSentiment };
      }),
    })),
  };
}

/** Archived surveys keep their names here: their answers are still part of the history. */
async function surveyNames(ctx: ProjectCtx, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const found = await ctx.db
    .select({ id: surveys.id, name: surveys.name })
    .from(surveys)
    .where(and(eq(surveys.projectId, ctx.projectId), inArray(surveys.id, ids)));
  return new Map(found.map((s) => [s.id, s.name]));
}
