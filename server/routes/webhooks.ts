import { Hono } from 'hono';
import { z } from 'zod';
import { toStorable } from '../storable';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { getDelivery, listDeliveries, queuePing, retryDelivery } from '../services/webhooks/deliveries';
import { webhookFiltersSchema } from '../services/webhooks/filters';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, revealSecret, rotateSecret, updateEndpoint } from '../services/webhooks/manage';
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
    format: z.enum(['json', 'slack']).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
const patchBody = createBody.partial().strict();
const rotateBody = z.object({ overlapHours: z.number().min(0).max(24 * 7).default(24) }).strict();
const pageQuery = z.object({ limit: limitParam(200, 50), cursor: z.string().max(500).optional() });
const deliveriesQuery = pageQuery.extend({ status: z.enum(['pending', 'delivered', 'failed']).optional() });

export const webhookRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .post('/', jsonBody(createBody), async (c) =>
    c.json(await createEndpoint(projectCtx(c), c.req.valid('json'), { allowPrivate: c.var.deps.config.allowPrivateWebhooks }), 201),
  )
  .get('/', queryParams(pageQuery), async (c) => c.json(await listEndpoints(projectCtx(c), c.req.valid('query'))))
  // Before '/:id' so "deliveries" is never read as an endpoint id.
  .get('/deliveries/:id', async (c) => c.json(await getDelivery(projectCtx(c), c.req.param('id'))))
  .post('/deliveries/:id/retry', async (c) => c.json(await retryDelivery(projectCtx(c), c.req.param('id')), 202))
  .get('/:id', async (c) => c.json(await getEndpoint(projectCtx(c), c.req.param('id'))))
  .patch('/:id', jsonBody(patchBody), async (c) =>
    c.json(await updateEndpoint(projectCtx(c), c.req.param('id'), c.req.valid('json'), { allowPrivate: c.var.deps.config.allowPrivateWebhooks })),
  )
  .delete('/:id', async (c) => c.json(await deleteEndpoint(projectCtx(c), c.req.param('id'))))
  .get('/:id/secret', async (c) => c.json(await revealSecret(projectCtx(c), c.req.param('id'))))
  .post('/:id/rotate-secret', jsonBody(rotateBody), async (c) =>
    c.json(await rotateSecret(projectCtx(c), c.req.param('id'), c.req.valid('json').overlapHours)),
  )
  .post('/:id/test', async (c) => c.json(await queuePing(projectCtx(c), c.req.param('id')), 202))
  .get('/:id/deliveries', queryParams(deliveriesQuery), async (c) =>
    c.json(await listDeliveries(projectCtx(c), c.req.param('id'), c.req.valid('query'))),
  );
