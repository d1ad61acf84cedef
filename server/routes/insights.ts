import { Hono } from 'hono';
import { z } from 'zod';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { themeMatrix } from '../services/insights/matrix';
import { themeInsights } from '../services/insights/themes';
import { queryParams } from '../validation';
import { projectCtx } from './context';
import { instantParam, resolveRange, segmentParams } from './query';

const DAY = 86_400_000;
/** Without "from", insights read the 30 days before "to" (default: now), and compare them with the 30 before. */
const DEFAULT_SPAN_DAYS = 30;

const segmentQuery = { ...segmentParams, from: instantParam.optional(), to: instantParam.optional() };
const themesQuery = z.object({
  ...segmentQuery,
  discovered: z.coerce.number().int().min(0).max(50).default(10),
  minCount: z.coerce.number().int().min(1).max(1_000_000).default(2),
});
const matrixQuery = z.object({
  ...segmentQuery,
  rows: z.enum(['channel', 'locale', 'language', 'survey']).default('channel'),
  cols: z.enum(['theme']).default('theme'),
});

export const insightRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .get('/themes', queryParams(themesQuery), async (c) => {
    const { from, to, tz, discovered, minCount, ...segment } = c.req.valid('query');
    const range = resolveRange({ from, to, tz });
    const end = range.to ?? c.var.deps.clock.now();
    const start = range.from ?? new Date(end.getTime() - DEFAULT_SPAN_DAYS * DAY);
    if (start.getTime() >= end.getTime()) throw new ApiError('bad_request', '"from" must be before "to".');
    return c.json(await themeInsights(projectCtx(c), { ...segment, from: start, to: end }, { discovered, minCount }));
  })
  .get('/matrix', queryParams(matrixQuery), async (c) => {
    const { from, to, tz, rows, cols: _cols, ...segment } = c.req.valid('query');
    return c.json(await themeMatrix(projectCtx(c), { ...segment, ...resolveRange({ from, to, tz }) }, rows));
  });
