import { Hono } from 'hono';
import { z } from 'zod';
import { toStorable } from '../storable';
import { requireKey } from '../auth/middleware';
import { requireRole } from '../auth/require-role';
import type { AppEnv } from '../env';
import { createRule, deleteRule, getRule, listRules, updateRule } from '../services/followups/rules/manage';
import { ruleActionSchema, ruleConditionsSchema } from '../services/followups/rules/schema';
import { jsonBody } from '../validation';
import { projectCtx } from './context';

const ruleBody = z
  .object({
    name: z.string().trim().min(1).max(200).transform(toStorable),
    surveyId: z.string().max(100).nullable().optional(),
    enabled: z.boolean().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
    conditions: ruleConditionsSchema,
    action: ruleActionSchema.default({ dueInHours: 48, assign: { mode: 'none' } }),
  })
  .strict();
const patchBody = z
  .object({
    name: z.string().trim().min(1).max(200).transform(toStorable).optional(),
    surveyId: z.string().max(100).nullable().optional(),
    enabled: z.boolean().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
    conditions: ruleConditionsSchema.optional(),
    action: ruleActionSchema.optional(),
  })
  .strict();

export const followUpRuleRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .get('/', async (c) => c.json({ data: await listRules(projectCtx(c)), nextCursor: null }))
  .post('/', requireRole('admin'), jsonBody(ruleBody), async (c) => c.json(await createRule(projectCtx(c), c.req.valid('json')), 201))
  .get('/:id', async (c) => c.json(await getRule(projectCtx(c), c.req.param('id'))))
  .patch('/:id', requireRole('admin'), jsonBody(patchBody), async (c) => c.json(await updateRule(projectCtx(c), c.req.param('id'), c.req.valid('json'))))
  .delete('/:id', requireRole('admin'), async (c) => c.json(await deleteRule(projectCtx(c), c.req.param('id'))));
