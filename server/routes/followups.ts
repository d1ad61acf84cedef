import { Hono } from 'hono';
import type { Context } from 'hono';
import { z } from 'zod';
import { toStorable } from '../storable';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { addNote } from '../services/followups/notes';
import { getFollowUp, listFollowUps } from '../services/followups/read';
import { replyToCustomer } from '../services/followups/reply';
import { updateFollowUp } from '../services/followups/update';
import { jsonBody, queryParams } from '../validation';
import { projectCtx } from './context';
import { booleanParam, limitParam } from './query';

const status = z.enum(['open', 'in_progress', 'resolved', 'dismissed']);

const listQuery = z.object({
  /** One status or several, comma-separated: status=open,in_progress */
  status: z
    .string()
    .max(100)
    .transform((s) => s.split(','))
    .pipe(z.array(status))
    .optional(),
  assigneeId: z.string().max(100).optional(),
  overdue: booleanParam.optional(),
  surveyId: z.string().max(100).optional(),
  personId: z.string().max(100).optional(),
  /** created: newest first (default); due: the work queue, soonest due first (overdue at the top), no due time last. */
  sort: z.enum(['created', 'due']).default('created'),
  limit: limitParam(200, 50),
  cursor: z.string().max(500).optional(),
});

const patchBody = z
  .object({
    status: status.optional(),
    assigneeId: z.string().max(100).nullable().optional(),
    dueAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).nullable().optional(),
    resolution: z.string().trim().max(10_000).transform(toStorable).nullable().optional(),
    reaskAfterDays: z.number().int().min(1).max(365).nullable().optional(),
  })
  .strict();

const noteBody = z.object({ text: z.string().trim().min(1).max(10_000).transform(toStorable) }).strict();
const replyBody = z
  .object({ subject: z.string().trim().min(1).max(300).transform(toStorable).optional(), text: z.string().trim().min(1).max(20_000).transform(toStorable), replyTo: z.email().optional() })
  .strict();

/** Who did it, for the case history: the signed-in dashboard user, or else the API key. */
const actorOf = (c: Context<AppEnv>) => {
  const auth = c.var.auth;
  if (auth.kind === 'admin') return 'admin';
  return auth.session ? `user:${auth.session.userId}` : `key:${auth.keyId}`;
};

export const followUpRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .get('/', queryParams(listQuery), async (c) => {
    const { limit, cursor, sort, ...filters } = c.req.valid('query');
    return c.json(await listFollowUps(projectCtx(c), filters, { limit, cursor, sort }));
  })
  .get('/:id', async (c) => c.json(await getFollowUp(projectCtx(c), c.req.param('id'))))
  .patch('/:id', jsonBody(patchBody), async (c) => c.json(await updateFollowUp(projectCtx(c), c.req.param('id'), c.req.valid('json'), actorOf(c))))
  .post('/:id/notes', jsonBody(noteBody), async (c) =>
    c.json(await addNote(projectCtx(c), c.req.param('id'), c.req.valid('json').text, actorOf(c)), 201),
  )
  .post('/:id/reply', jsonBody(replyBody), async (c) =>
    c.json(
      await replyToCustomer(projectCtx(c), c.req.param('id'), c.req.valid('json'), { mailer: c.var.deps.mailer, actor: actorOf(c) }),
      201,
    ),
  );
