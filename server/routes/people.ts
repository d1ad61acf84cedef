import { Hono } from 'hono';
import { z } from 'zod';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { findPeople, getPerson } from '../services/people/read';
import { queryParams } from '../validation';
import { projectCtx } from './context';
import { limitParam } from './query';

const findQuery = z.object({
  externalId: z.string().min(1).max(255).optional(),
  email: z.string().min(1).max(320).optional(),
  limit: limitParam(1000, 50),
  cursor: z.string().max(500).optional(),
});

export const peopleRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .get('/', queryParams(findQuery), async (c) => c.json(await findPeople(projectCtx(c), c.req.valid('query'))))
  .get('/:id', async (c) => c.json(await getPerson(projectCtx(c), c.req.param('id'))));
