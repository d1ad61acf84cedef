import { Hono } from 'hono';
import { z } from 'zod';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { segmentFilterSchema } from '../services/segments/filter';
import { createSegment, deleteSegment, getSegment, listSegments, updateSegment } from '../services/segments/manage';
import { jsonBody } from '../validation';
import { projectCtx } from './context';
import { storableText } from './fields';

const name = storableText(200).pipe(z.string().trim().min(1));
const segmentBody = z.object({ name, filter: segmentFilterSchema }).strict();
const patchBody = z.object({ name: name.optional(), filter: segmentFilterSchema.optional() }).strict();

export const segmentRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .get('/', async (c) => c.json({ data: await listSegments(projectCtx(c)), nextCursor: null }))
  .post('/', jsonBody(segmentBody), async (c) => c.json(await createSegment(projectCtx(c), c.req.valid('json')), 201))
  .get('/:id', async (c) => c.json(await getSegment(projectCtx(c), c.req.param('id'))))
  .patch('/:id', jsonBody(patchBody), async (c) => c.json(await updateSegment(projectCtx(c), c.req.param('id'), c.req.valid('json'))))
  .delete('/:id', async (c) => c.json(await deleteSegment(projectCtx(c), c.req.param('id'))));
