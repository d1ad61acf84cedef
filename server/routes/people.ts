import { Hono } from 'hono';
import { z } from 'zod';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { atRiskPeople } from '../services/people/at-risk';
import { findPeople, getPerson } from '../services/people/read';
import { segmentFilterOf } from '../services/segments/manage';
import { queryParams } from '../validation';
import { projectCtx } from './context';
import { limitParam } from './query';

const findQuery = z.object({
  externalId: z.string().min(1).max(255).optional(),
  email: z.string().min(1).max(320).optional(),
  limit: limitParam(1000, 50),
  cursor: z.string().max(500).optional(),
});

const atRiskQuery = z.object({
  segmentId: z.string().min(1).max(100).optional(),
  limit: limitParam(200, 50),
});

export const peopleRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .get('/', queryParams(findQuery), async (c) => c.json(await findPeople(projectCtx(c), c.req.valid('query'))))
  // Before '/:id', which would take "at-risk" for a person's id.
  .get('/at-risk', queryParams(atRiskQuery), async (c) => {
    const ctx = projectCtx(c);
    const { segmentId, limit } = c.req.valid('query');
    return c.json(await atRiskPeople(ctx, { limit, segment: segmentId ? await segmentFilterOf(ctx, segmentId) : undefined }));
  })
  .get('/:id', async (c) => c.json(await getPerson(projectCtx(c), c.req.param('id'))));
