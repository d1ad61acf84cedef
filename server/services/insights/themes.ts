import { count, desc, eq, sql } from 'drizzle-orm';
import { responses, themes, type ResponseCategory } from '../../../db/schema';
import type { ProjectCtx } from '../context';
import { responseConditions } from '../responses/filters';
import { countKeyphrases, tallyKeyphrases, type CommentRow } from './discover';
import { emptyTally, themeFigures, totalOf, type CategoryTally, type ThemeTally } from './figures';
import { assertSurveyOfProject, previousPeriod, type InsightSegment } from './segment';
import { mentionSentiment } from './theme-sentiment';

/**
 * Discovered themes are counted here, in this process, over the newest comments of each period up to this
 * many: the keyphrase extractor reads about 10,000 English and 60,000 Japanese comments a second, so a
 * period costs at most about a second. Past it the figures describe the newest comments (`discovery.capped`).
 */
export const DISCOVERY_COMMENT_LIMIT = 10_000;

export type ThemeInsightOptions = { discovered: number; minCount: number; commentLimit?: number };

const groupOf = { detractor: 'detractors', passive: 'passives', promoter: 'promoters' } as const;

/** Comments of the segment in the range, per category. */
async function commentTotals(ctx: ProjectCtx, filters: InsightSegment & { from: Date; to: Date }): Promise<CategoryTally> {
  const rows = await ctx.db
    .select({ category: responses.category, n: count() })
    .from(responses)
    .where(responseConditions(ctx.projectId, { ...filters, hasComment: true }))
    .groupBy(responses.category);
  const totals: CategoryTally = { detractors: 0, passives: 0, promoters: 0 };
  for (const row of rows) totals[groupOf[row.category]] += row.n;
  return totals;
}

/** Per stored theme name (responses.themes), the comments that mention it, per category. */
async function definedTallies(ctx: ProjectCtx, filters: InsightSegment & { from: Date; to: Date }): Promise<Map<string, ThemeTally>> {
  const rows = await ctx.db
    .select({
      theme: sql<string>`mention.theme`,
      category: responses.category,
      n: count(),
      // Each theme's own sentiment in the comment, not the comment's: a mixed comment splits between its themes.
      sentimentSum: sql<number>`coalesce(sum(${mentionSentiment}), 0)`.mapWith(Number),
      sentimentCount: sql<number>`count(${mentionSentiment})`.mapWith(Number),
    })
    .from(responses)
      .innerJoin(sql`lateral jsonb_array_elements_text(${responses.themes}) as mention(theme)`, sql`true`)
    .where(responseConditions(ctx.projectId, { ...filters, hasComment: true }))
    .groupBy(sql`1`, responses.category);
  const tallies = new Map<string, ThemeTally>();
  for (const row of rows) {
    let tally = tallies.get(row.theme);
    if (!tally) tallies.set(row.theme, (tally = emptyTally()));
    tally.mentions[groupOf[row.category as ResponseCategory]] += row.n;
    tally.sentimentSum += row.sentimentSum;
    tally.sentimentCount += row.sentimentCount;
  }
  return tallies;
}

function categoryTotals(rows: readonly CommentRow[]): CategoryTally {
  const totals: CategoryTally = { detractors: 0, passives: 0, promoters: 0 };
  for (const row of rows) totals[groupOf[row.category]] += 1;
  return totals;
}

/** The newest comments of the segment in the range, for keyphrase discovery. */
async function newestComments(ctx: ProjectCtx, filters: InsightSegment & { from: Date; to: Date }, limit: number): Promise<CommentRow[]> {
  const rows = await ctx.db
    .select({
      comment: responses.comment,
      language: responses.language,
      category: responses.category,
      sentimentScore: responses.sentimentScore,
    })
    .from(responses)
    .where(responseConditions(ctx.projectId, { ...filters, hasComment: true }))
    .orderBy(desc(responses.createdAt), desc(responses.id))
    .limit(limit);
  return rows as CommentRow[]; // hasComment: comment is not null
}

/**
 * What the segment's comments talk about over [from, to), against the period of equal length before it: every
 * project-defined theme (source "defined", counted exactly in SQL from responses.themes), then the most
 * frequent discovered keyphrases (source "discovered") that at least `minCount` comments mention. Each group
 * is ordered by count, most first.
 */
export async function themeInsights(
  ctx: ProjectCtx,
  filters: InsightSegment & { from: Date; to: Date },
  options: ThemeInsightOptions,
) {
  await assertSurveyOfProject(ctx, filters.surveyId);
  const previous = { ...filters, ...previousPeriod(filters) };
  const discover = options.discovered > 0;
  const limit = options.commentLimit ?? DISCOVERY_COMMENT_LIMIT;
  const [definitions, comments, previousComments, defined, previousDefined, currentRows, previousRows] = await Promise.all([
    ctx.db
      .select({ id: themes.id, name: themes.name })
      .from(themes)
      .where(eq(themes.projectId, ctx.projectId))
      .orderBy(themes.createdAt, themes.id),
    commentTotals(ctx, filters),
    commentTotals(ctx, previous),
    definedTallies(ctx, filters),
    definedTallies(ctx, previous),
    discover ? newestComments(ctx, filters, limit) : Promise.resolve([]),
    discover ? newestComments(ctx, previous, limit) : Promise.resolve([]),
  ]);
  const previousTotal = totalOf(previousComments);

  const definedEntries = definitions
    .map(({ id, name }) => ({
      source: 'defined' as const,
      id,
      key: null,
      name,
      ...themeFigures(defined.get(name) ?? emptyTally(), comments, {
        count: totalOf(previousDefined.get(name)?.mentions ?? emptyTally().mentions),
        comments: previousTotal,
      }),
    }))
    .sort((a, b) => b.count - a.count); // stable: ties keep definition order

  // Discovered keyphrases are counted over the comments read, which may be fewer than the period's comments
  // (capped): their shares and rates are taken over those same comments, so they stay true proportions.
  const previousKeyCounts = countKeyphrases(previousRows);
  const commentsRead = categoryTotals(currentRows);
  const discoveredEntries = [...tallyKeyphrases(currentRows).values()]
    .map((found) => ({ found, count: totalOf(found.tally.mentions) }))
    .filter(({ count }) => count >= options.minCount)
    .sort((a, b) => b.count - a.count || (a.found.key < b.found.key ? -1 : 1))
    .slice(0, options.discovered)
    .map(({ found }) => ({
      source: 'discovered' as const,
      id: null,
      key: found.key,
      name: found.name,
      ...themeFigures(found.tally, commentsRead, { count: previousKeyCounts.get(found.key) ?? 0, comments: previousRows.length }),
    }));

  return {
    from: filters.from.toISOString(),
    to: filters.to.toISOString(),
    previous: { from: previous.from.toISOString(), to: previous.to.toISOString() },
    comments: { total: totalOf(comments), ...comments, previousTotal },
    discovery: {
      limit,
      commentsRead: currentRows.length,
      previousCommentsRead: previousRows.length,
      // From the rows alone: the totals come from other queries, which may see answers that arrived since.
      capped: currentRows.length === limit || previousRows.length === limit,
    },
    data: [...definedEntries, ...discoveredEntries],
  };
}
