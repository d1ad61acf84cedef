import { Hono } from 'hono';
import { z } from 'zod';
import { toStorable } from '../storable';
import { requireKey } from '../auth/middleware';
import { requireRole } from '../auth/require-role';
import type { AppEnv } from '../env';
import { createKey, listKeys, revokeKey } from '../services/keys/manage';
import { createProject } from '../services/projects/create';
import { listAllProjects } from '../services/projects/list';
import { getProject, updateProject } from '../services/projects/settings';
import { jsonBody } from '../validation';
import { isValidTimeZone } from '../analytics/time';
import { projectCtx } from './context';

const timeZone = z.string().refine(isValidTimeZone, { message: 'Unknown IANA time zone, e.g. "Asia/Tokyo"' });
const origin = z.url().refine((u) => new URL(u).origin === u.replace(/\/$/, ''), {
  message: 'An origin is scheme://host[:port], without a path',
});

const createProjectBody = z.object({ name: z.string().trim().min(1).max(200).transform(toStorable), timeZone: timeZone.optional() });
const updateProjectBody = z.object({
  name: z.string().trim().min(1).max(200).transform(toStorable).optional(),
  timeZone: timeZone.optional(),
  allowedOrigins: z.array(origin.transform((u) => new URL(u).origin)).max(50).optional(),
});
const createKeyBody = z.object({ kind: z.enum(['secret', 'publishable']), name: z.string().trim().max(200).transform(toStorable).optional() });

/** /v1/projects: instance administration with the admin key. */
export const adminProjectRoutes = new Hono<AppEnv>()
  .use(requireKey('admin'))
  .post('/', jsonBody(createProjectBody), async (c) => c.json(await createProject(c.var.deps.db, c.req.valid('json')), 201))
  .get('/', async (c) => c.json({ data: await listAllProjects(c.var.deps.db), nextCursor: null }));

/** /v1/project: the calling key's own project, its settings and its keys. */
export const projectRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .get('/', async (c) => c.json(await getProject(projectCtx(c))))
  .patch('/', requireRole('admin'), jsonBody(updateProjectBody), async (c) => {
    const project = await updateProject(projectCtx(c), c.req.valid('json'));
    c.var.deps.keyCache?.evictProject(project.id); // allowed origins travel with the cached key
    return c.json(project);
  })
  .get('/keys', async (c) => c.json({ data: await listKeys(projectCtx(c)), nextCursor: null }))
  .post('/keys', requireRole('admin'), jsonBody(createKeyBody), async (c) => c.json(await createKey(projectCtx(c), c.req.valid('json')), 201))
  .delete('/keys/:id', requireRole('admin'), async (c) => {
    const auth = c.var.auth;
    const ctx = projectCtx(c);
    const revoked = await revokeKey(ctx, c.req.param('id'), 'keyId' in auth ? auth.keyId : null);
    c.var.deps.keyCache?.evictProject(ctx.projectId);
    return c.json(revoked);
  });
