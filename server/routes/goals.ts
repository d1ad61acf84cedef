import { Hono } from 'hono';
import { z } from 'zod';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { createGoal, deleteGoal, getGoal, listGoals, updateGoal } from '../services/goals/manage';
import { getProject } from '../services/projects/settings';
import { jsonBody } from '../validation';
import { projectCtx } from './context';
import { storableText } from './fields';
import { instantParam, resolveRange } from './query';

const name = storableText(200).pipe(z.string().trim().min(1));
const target = z.number().min(-100).max(100);
const goalBody = z
  .object({
    name,
    target,
    /** A date (start of that day in the project's time zone) or an ISO 8601 timestamp; `to` is exclusive. */
    from: instantParam,
    to: instantParam,
    surveyId: z.string().max(100).nullable().optional(),
    segmentId: z.string().max(100).nullable().optional(),
  })
  .strict();
const patchBody = goalBody.partial().strict();

/** Bare dates are days in the project's own time zone: "this quarter" is the team's quarter. */
async function periodOf(c: Parameters<typeof projectCtx>[0], from?: string, to?: string) {
  const { timeZone } = await getProject(projectCtx(c));
  return resolveRange({ from, to, tz: timeZone });
}

export const goalRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .get('/', async (c) => c.json({ data: await listGoals(projectCtx(c)), nextCursor: null }))
  .post('/', jsonBody(goalBody), async (c) => {
    const body = c.req.valid('json');
    const { from, to } = await periodOf(c, body.from, body.to);
    return c.json(await createGoal(projectCtx(c), { ...body, from: from!, to: to! }), 201);
  })
  .get('/:id', async (c) => c.json(await getGoal(projectCtx(c), c.req.param('id'))))
  .patch('/:id', jsonBody(patchBody), async (c) => {
    const body = c.req.valid('json');
    const { from, to } = await periodOf(c, body.from, body.to);
    return c.json(await updateGoal(projectCtx(c), c.req.param('id'), { ...body, from, to }));
  })
  .delete('/:id', async (c) => c.json(await deleteGoal(projectCtx(c), c.req.param('id'))));
