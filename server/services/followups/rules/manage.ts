import { and, asc, eq } from 'drizzle-orm';
import { followUpRules } from '../../../../db/schema';
import { notFound } from '../../../errors';
import { newId } from '../../../ids';
import type { ProjectCtx } from '../../context';
import { getSurvey } from '../../surveys/manage';
import { assertProjectMember } from '../assignees';
import { ruleActionSchema, ruleConditionsSchema, type RuleAction, type RuleConditions } from './schema';

export type RuleInput = {
  name: string;
  surveyId?: string | null;
  enabled?: boolean;
  position?: number;
  conditions: RuleConditions;
  action: RuleAction;
};

type RuleRow = typeof followUpRules.$inferSelect;

/** The API's view; a stored rule that no longer parses says so instead of failing the listing. */
export function presentRule({ projectId: _p, lastAssigneeId: _l, ...row }: RuleRow) {
  const conditions = ruleConditionsSchema.safeParse(row.conditions);
  const action = ruleActionSchema.safeParse(row.action);
  const invalid = [conditions, action].flatMap((r) => (r.success ? [] : r.error.issues.map((i) => i.message)));
  return { ...row, invalid: invalid.length > 0 ? invalid.join('; ') : null };
}

async function checkReferences(ctx: ProjectCtx, input: Partial<RuleInput>) {
  if (input.surveyId) await getSurvey(ctx, input.surveyId);
  if (input.action?.assign.mode === 'user') await assertProjectMember(ctx.db, ctx.projectId, input.action.assign.userId, 'action.assign.userId');
}

export async function createRule(ctx: ProjectCtx, input: RuleInput) {
  await checkReferences(ctx, input);
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(followUpRules)
    .values({
      id: newId('rul'),
      projectId: ctx.projectId,
      name: input.name,
      surveyId: input.surveyId ?? null,
      enabled: input.enabled ?? true,
      position: input.position ?? 0,
      conditions: input.conditions,
      action: input.action,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return presentRule(row!);
}

/** The order rules are tried in: the first that matches opens the case. */
export const ruleRunOrder = [asc(followUpRules.position), asc(followUpRules.createdAt), asc(followUpRules.id)];

/** In the order they run. */
export async function listRules(ctx: ProjectCtx) {
  const rows = await ctx.db
    .select()
    .from(followUpRules)
    .where(eq(followUpRules.projectId, ctx.projectId))
    .orderBy(...ruleRunOrder);
  return rows.map(presentRule);
}

async function findRule(ctx: ProjectCtx, id: string) {
  const [row] = await ctx.db
    .select()
    .from(followUpRules)
    .where(and(eq(followUpRules.id, id), eq(followUpRules.projectId, ctx.projectId)));
  if (!row) throw notFound('Follow-up rule');
  return row;
}

export async function getRule(ctx: ProjectCtx, id: string) {
  return presentRule(await findRule(ctx, id));
}

export async function updateRule(ctx: ProjectCtx, id: string, patch: Partial<RuleInput>) {
  const existing = await findRule(ctx, id);
  await checkReferences(ctx, patch);
  const [row] = await ctx.db
    .update(followUpRules)
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.surveyId !== undefined ? { surveyId: patch.surveyId } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      ...(patch.position !== undefined ? { position: patch.position } : {}),
      ...(patch.conditions !== undefined ? { conditions: patch.conditions } : {}),
      ...(patch.action !== undefined ? { action: patch.action } : {}),
      // A saved rule is a fixed rule: its old error no longer applies.
      lastError: null,
      lastErrorAt: null,
      updatedAt: ctx.clock.now(),
    })
    .where(and(eq(followUpRules.projectId, ctx.projectId), eq(followUpRules.id, existing.id)))
    .returning();
  return presentRule(row!);
}

/** Cases the rule opened stay; they just no longer point at it. */
export async function deleteRule(ctx: ProjectCtx, id: string) {
  const existing = await findRule(ctx, id);
  await ctx.db.delete(followUpRules).where(and(eq(followUpRules.projectId, ctx.projectId), eq(followUpRules.id, existing.id)));
  return { id: existing.id, deleted: true };
}
