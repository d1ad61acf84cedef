import { Hono } from 'hono';
import { z } from 'zod';
import { toStorable } from '../storable';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { createTheme, deleteTheme, getTheme, listThemes, reapplyThemes, updateTheme } from '../services/themes/manage';
import { jsonBody } from '../validation';
import { projectCtx } from './context';

const keyword = z
  .string()
  .max(100)
  .refine((k) => /[\p{L}\p{N}]/u.test(k), { message: 'A keyword needs at least one letter or digit' })
  .transform(toStorable);
const keywordList = z.array(keyword).max(100);
const keywords = z.object({ en: keywordList.optional(), ja: keywordList.optional() }).strict();
const name = z.string().trim().min(1).max(100).transform(toStorable);

const createBody = z.object({ name, keywords }).strict();
const patchBody = z.object({ name: name.optional(), keywords: keywords.optional() }).strict();

// Every write re-applies the project's themes to its stored answers before replying, and says how many
// answers it read and changed ("reapplied"): the time it takes grows with the project's commented answers.
export const themeRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .get('/', async (c) => c.json({ data: await listThemes(projectCtx(c)), nextCursor: null }))
  .post('/', jsonBody(createBody), async (c) => c.json(await createTheme(projectCtx(c), c.req.valid('json')), 201))
  .post('/reapply', async (c) => c.json(await reapplyThemes(projectCtx(c))))
  .get('/:id', async (c) => c.json(await getTheme(projectCtx(c), c.req.param('id'))))
  .patch('/:id', jsonBody(patchBody), async (c) => c.json(await updateTheme(projectCtx(c), c.req.param('id'), c.req.valid('json'))))
  .delete('/:id', async (c) => c.json(await deleteTheme(projectCtx(c), c.req.param('id'))));
