import { and, asc, count, eq } from 'drizzle-orm';
import { npsGoals } from '../../../db/schema';
import { forecastGoal } from '../../analytics/goal-forecast';
import { ApiError, notFound } from '../../errors';
import { newId } from '../../ids';
import type { ProjectCtx } from '../context';
import { assertSurveyOfProject } from '../insights/segment';
import { countCategories } from '../metrics/nps';
import { segmentFilterOf } from '../segments/manage';

export type GoalInput = { name: string; target: number; from: Date; to: Date; surveyId?: string | null; segmentId?: string | null };

type GoalRow = typeof npsGoals.$inferSelect;

/** Every goal's forecast is computed when listed; a bound keeps the listing a few hundred milliseconds at worst. */
export const MAX_GOALS_PER_PROJECT = 100;

async function checkReferences(ctx: ProjectCtx, input: Partial<GoalInput>) {
  if (input.surveyId) await assertSurveyOfProject(ctx, input.surveyId);
  if (input.segmentId) await segmentFilterOf(ctx, input.segmentId);
}

function assertPeriod(from: Date, to: Date) {
  if (from.getTime() >= to.getTime()) throw new ApiError('bad_request', '"from" must be before "to".');
}

/** The goal with where it stands now: the score so far, the answers expected by the end, the forecast. */
async function present(ctx: ProjectCtx, { projectId: _p, ...goal }: GoalRow) {
  const now = ctx.clock.now();
  const counted = new Date(Math.min(now.getTime(), goal.to.getTime()));
  const counts =
    counted.getTime() <= goal.from.getTime()
      ? { promoters: 0, passives: 0, detractors: 0 }
      : await countCategories(ctx, {
          from: goal.from,
          to: counted,
          surveyId: goal.surveyId ?? undefined,
          segment: goal.segmentId ? await segmentFilterOf(ctx, goal.segmentId) : undefined,
        });
  return { ...goal, ...forecastGoal(counts, goal.target, { from: goal.from, to: goal.to, now }) };
}

export async function createGoal(ctx: ProjectCtx, input: GoalInput) {
  assertPeriod(input.from, input.to);
  await checkReferences(ctx, input);
  const [existing] = await ctx.db.select({ n: count() }).from(npsGoals).where(eq(npsGoals.projectId, ctx.projectId));
  if ((existing?.n ?? 0) >= MAX_GOALS_PER_PROJECT) {
    throw new ApiError('conflict', `A project has at most ${MAX_GOALS_PER_PROJECT} goals; delete finished ones first.`);
  }
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(npsGoals)
    .values({
      id: newId('gol'),
      projectId: ctx.projectId,
      name: input.name,
      target: input.target,
      from: input.from,
      to: input.to,
      surveyId: input.surveyId ?? null,
      segmentId: input.segmentId ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return present(ctx, row!);
}

/** Soonest deadline first. */
export async function listGoals(ctx: ProjectCtx) {
  const rows = await ctx.db
    .select()
    .from(npsGoals)
    .where(eq(npsGoals.projectId, ctx.projectId))
    .orderBy(asc(npsGoals.to), asc(npsGoals.id));
  const goals = [];
  for (const row of rows) goals.push(await present(ctx, row));
  return goals;
}

async function findGoal(ctx: ProjectCtx, id: string) {
  const [row] = await ctx.db.select().from(npsGoals).where(and(eq(npsGoals.id, id), eq(npsGoals.projectId, ctx.projectId)));
  if (!row) throw notFound('Goal');
  return row;
}

export async function getGoal(ctx: ProjectCtx, id: string) {
  return present(ctx, await findGoal(ctx, id));
}

export async function updateGoal(ctx: ProjectCtx, id: string, patch: Partial<GoalInput>) {
  const existing = await findGoal(ctx, id);
  assertPeriod(patch.from ?? existing.from, patch.to ?? existing.to);
  await checkReferences(ctx, patch);
  const [row] = await ctx.db
    .update(npsGoals)
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.target !== undefined ? { target: patch.target } : {}),
      ...(patch.from !== undefined ? { from: patch.from } : {}),
      ...(patch.to !== undefined ? { to: patch.to } : {}),
      ...(patch.surveyId !== undefined ? { surveyId: patch.surveyId } : {}),
      ...(patch.segmentId !== undefined ? { segmentId: patch.segmentId } : {}),
      updatedAt: ctx.clock.now(),
    })
    .where(and(eq(npsGoals.projectId, ctx.projectId), eq(npsGoals.id, existing.id)))
    .returning();
  return present(ctx, row!);
}

export async function deleteGoal(ctx: ProjectCtx, id: string) {
  const existing = await findGoal(ctx, id);
  await ctx.db.delete(npsGoals).where(and(eq(npsGoals.projectId, ctx.projectId), eq(npsGoals.id, existing.id)));
  return { id: existing.id, deleted: true };
}
