import { Hono } from 'hono';
import { z } from 'zod';
import { toStorable } from '../storable';
import { requireKey } from '../auth/middleware';
import { isProjectAdmin, requireRole } from '../auth/require-role';
import { secretBoxOf } from '../crypto/config-box';
import type { AppEnv } from '../env';
import { getDelivery, listDeliveries, queuePing, retryDelivery } from '../services/webhooks/deliveries';
import { webhookFiltersSchema } from '../services/webhooks/filters';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, revealSecret, rotateSecret, updateEndpoint } from '../services/webhooks/manage';
import { redactEndpoint } from '../services/webhooks/present';
import { jsonBody, queryParams } from '../validation';
import { projectCtx } from './context';
import { limitParam } from './query';

const eventType = z.enum(['response.created', 'response.updated', 'followup.opened', 'followup.updated', 'followup.resolved']);
const url = z.url({ protocol: /^https?$/ }).max(2000);

const createBody = z
  .object({
    url,
    description: z.string().trim().max(500).transform(toStorable).nullable().optional(),
    events: z.array(eventType).min(1),
    filters: webhookFiltersSchema.optional(),
    format: z.enum(['json', 'slack', 'delighted']).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
const patchBody = createBody.partial().strict();
const rotateBody = z.object({ overlapHours: z.number().min(0).max(24 * 7).default(24) }).strict();
const pageQuery = z.object({ limit: limitParam(200, 50), cursor: z.string().max(500).optional() });
const deliveriesQuery = pageQuery.extend({ status: z.enum(['pending', 'delivered', 'failed']).optional() });

// Endpoints are admin business: their URLs and secrets are credentials. Members may only see the redacted list.
export const webhookRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .post('/', requireRole('admin'), jsonBody(createBody), async (c) =>
    c.json(
      await createEndpoint(projectCtx(c), c.req.valid('json'), {
        allowPrivate: c.var.deps.config.allowPrivateWebhooks,
        secretBox: secretBoxOf(c.var.deps.config),
      }),
      201,
    ),
  )
  .get('/', queryParams(pageQuery), async (c) => {
    const page = await listEndpoints(projectCtx(c), c.req.valid('query'));
    return c.json(isProjectAdmin(c.var.auth) ? page : { ...page, data: page.data.map(redactEndpoint) });
  })
  // Before '/:id' so "deliveries" is never read as an endpoint id.
  .get('/deliveries/:id', requireRole('admin'), async (c) => c.json(await getDelivery(projectCtx(c), c.req.param('id'))))
  .post('/deliveries/:id/retry', requireRole('admin'), async (c) => c.json(await retryDelivery(projectCtx(c), c.req.param('id')), 202))
  .get('/:id', async (c) => {
    const endpoint = await getEndpoint(projectCtx(c), c.req.param('id'));
    return c.json(isProjectAdmin(c.var.auth) ? endpoint : redactEndpoint(endpoint));
  })
  .patch('/:id', requireRole('admin'), jsonBody(patchBody), async (c) =>
    c.json(await updateEndpoint(projectCtx(c), c.req.param('id'), c.req.valid('json'), { allowPrivate: c.var.deps.config.allowPrivateWebhooks })),
  )
  .delete('/:id', requireRole('admin'), async (c) => c.json(await deleteEndpoint(projectCtx(c), c.req.param('id'))))
  .get('/:id/secret', requireRole('admin'), async (c) => c.json(await revealSecret(projectCtx(c), c.req.param('id'), secretBoxOf(c.var.deps.config))))
  .post('/:id/rotate-secret', requireRole('admin'), jsonBody(rotateBody), async (c) =>
    c.json(await rotateSecret(projectCtx(c), c.req.param('id'), c.req.valid('json').overlapHours, secretBoxOf(c.var.deps.config))),
  )
  .post('/:id/test', requireRole('admin'), async (c) => c.json(await queuePing(projectCtx(c), c.req.param('id')), 202))
  .get('/:id/deliveries', requireRole('admin'), queryParams(deliveriesQuery), async (c) =>
    c.json(await listDeliveries(projectCtx(c), c.req.param('id'), c.req.valid('query'))),
  );
