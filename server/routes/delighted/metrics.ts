import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../env';
import { npsSummary } from '../../services/metrics/nps';
import { queryParams } from '../../validation';
import { projectCtx } from '../context';
import { unixParam } from './http';

const metricsQuery = z.object({ since: unixParam.optional(), until: unixParam.optional(), trend: z.string().max(100).optional() });

const THIRTY_DAYS_MS = 30 * 86_400_000;

/**
 * GET /metrics: Kizuna's NPS summary (the one /v1/metrics/nps computes) under Delighted's names. Without a
 * range, the last 30 days, as Delighted. With no answers Delighted said 0, not "no score": so do these.
 */
export const delightedMetricsRoutes = new Hono<AppEnv>().get('/metrics', queryParams(metricsQuery), async (c) => {
  const q = c.req.valid('query');
  const until = q.until ?? c.var.deps.clock.now();
  const since = q.since ?? new Date(until.getTime() - THIRTY_DAYS_MS);
  const summary = await npsSummary(projectCtx(c), { from: since, to: until, surveyId: q.trend });
  return c.json({
    nps: summary.nps === null ? 0 : Math.round(summary.nps),
    promoter_count: summary.promoters,
    promoter_percent: summary.promoterPct ?? 0,
    passive_count: summary.passives,
    passive_percent: summary.passivePct ?? 0,
    detractor_count: summary.detractors,
    detractor_percent: summary.detractorPct ?? 0,
    response_count: summary.n,
  });
});
