import { Hono } from 'hono';
import { z } from 'zod';
import { bucketStarts } from '../analytics/time';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import type { ProjectCtx } from '../services/context';
import { npsByTrait } from '../services/metrics/by-trait';
import { npsComparison, npsSummary, npsTrend } from '../services/metrics/nps';
import { scoreDistribution } from '../services/metrics/score-distribution';
import { queryParams } from '../validation';
import { projectCtx } from './context';
import { instantParam, resolveRange, segmentIdParam, segmentParams, withSegment } from './query';

const MAX_TREND_POINTS = 1000;

const segmentId = segmentIdParam;
const npsQuery = z.object({ ...segmentParams, segmentId, from: instantParam.optional(), to: instantParam.optional() });
/** The summary also narrows as the responses feed does (what an answer says), so a feed can show its set's NPS. */
const summaryQuery = npsQuery.extend({
  category: z.enum(['promoter', 'passive', 'detractor']).optional(),
  sentiment: z.enum(['positive', 'negative', 'neutral']).optional(),
  theme: z.string().max(200).optional(),
  q: z.string().trim().min(1).max(200).optional(),
});
/** The 0–10 distribution takes the answer filters, not a saved segment. */
const distributionQuery = z.object({ ...segmentParams, from: instantParam.optional(), to: instantParam.optional() });
const trendQuery = npsQuery.extend({ interval: z.enum(['day', 'week', 'month']).default('week') });
const compareQuery = z.object({
  ...segmentParams,
  segmentId,
  from: instantParam,
  to: instantParam,
  previousFrom: instantParam,
  previousTo: instantParam,
});

/** `by=trait:<name>`: the one grouping so far; the prefix leaves room for others (account, channel). */
const segmentsQuery = npsQuery.extend({
  by: z.string().regex(/^trait:.{1,100}$/su, 'Use by=trait:<trait name>, e.g. by=trait:plan').transform((by) => by.slice('trait:'.length)),
});

/** Without an explicit range a trend shows a sensible recent window: 30 days, 12 weeks or 12 months. */
const defaultSpanDays = { day: 30, week: 7 * 12, month: 365 } as const;

export const metricsRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .get('/nps', queryParams(summaryQuery), async (c) => {
    const { from, to, tz, ...query } = c.req.valid('query');
    const ctx = projectCtx(c);
    const segment = await withSegment(ctx, query);
    return c.json(await npsSummary(ctx, { ...segment, ...resolveRange({ from, to, tz }) }));
  })
  .get('/nps/trend', queryParams(trendQuery), async (c) => {
    const { from, to, tz, interval, ...query } = c.req.valid('query');
    const ctx = projectCtx(c);
    const segment = await withSegment(ctx, query);
    const range = resolveRange({ from, to, tz });
    const end = range.to ?? c.var.deps.clock.now();
    const start = range.from ?? new Date(end.getTime() - defaultSpanDays[interval] * 86_400_000);
    if (start.getTime() >= end.getTime()) throw new ApiError('bad_request', '"from" must be before "to".');
    if (bucketStarts(start, end, interval, tz).length > MAX_TREND_POINTS) {
      throw new ApiError('bad_request', `That range has more than ${MAX_TREND_POINTS} ${interval} buckets; pick a wider interval.`);
    }
    return c.json(await npsTrend(ctx, { ...segment, from: start, to: end }, interval, tz));
  })
  .get('/nps/segments', queryParams(segmentsQuery), async (c) => {
    const { from, to, tz, by, ...query } = c.req.valid('query');
    const ctx = projectCtx(c);
    const segment = await withSegment(ctx, query);
    return c.json(await npsByTrait(ctx, { ...segment, ...resolveRange({ from, to, tz }) }, by));
  })
  .get('/nps/compare', queryParams(compareQuery), async (c) => {
    const { from, to, previousFrom, previousTo, tz, ...query } = c.req.valid('query');
    const ctx = projectCtx(c);
    const segment = await withSegment(ctx, query);
    const current = resolveRange({ from, to, tz });
    const previous = resolveRange({ from: previousFrom, to: previousTo, tz }, { from: 'previousFrom', to: 'previousTo' });
    return c.json(await npsComparison(ctx, { ...segment, ...current }, { ...segment, ...previous }));
  })
  // Answers per score 0..10, with the same filters as /nps (the Overview's distribution).
  .get('/scores', queryParams(distributionQuery), async (c) => {
    const { from, to, tz, ...segment } = c.req.valid('query');
    return c.json(await scoreDistribution(projectCtx(c), { ...segment, ...resolveRange({ from, to, tz }) }));
  });
