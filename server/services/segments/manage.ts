import { and, asc, eq } from 'drizzle-orm';
import { npsGoals, segments } from '../../../db/schema';
import { ApiError, notFound } from '../../errors';
import { newId } from '../../ids';
import type { ProjectCtx } from '../context';
import { segmentFilterSchema, type SegmentFilter } from './filter';

export type SegmentInput = { name: string; filter: SegmentFilter };

type SegmentRow = typeof segments.$inferSelect;

const present = ({ projectId: _p, ...row }: SegmentRow) => row;

export async function createSegment(ctx: ProjectCtx, input: SegmentInput) {
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(segments)
    .values({ id: newId('seg'), projectId: ctx.projectId, name: input.name, filter: input.filter, createdAt: now, updatedAt: now })
    .returning();
  return present(row!);
}

export async function listSegments(ctx: ProjectCtx) {
  const rows = await ctx.db
    .select()
    .from(segments)
    .where(eq(segments.projectId, ctx.projectId))
    .orderBy(asc(segments.createdAt), asc(segments.id));
  return rows.map(present);
}

async function findSegment(ctx: ProjectCtx, id: string) {
  const [row] = await ctx.db.select().from(segments).where(and(eq(segments.id, id), eq(segments.projectId, ctx.projectId)));
  if (!row) throw notFound('Segment');
  return row;
}

export async function getSegment(ctx: ProjectCtx, id: string) {
  return present(await findSegment(ctx, id));
}

/**
 * The filter metrics and goals narrow to; a segment of another project is a 404. Stored filters were valid when
 * saved, and are parsed again so that a filter from an older, looser version of the language fails loudly.
 */
export async function segmentFilterOf(ctx: ProjectCtx, id: string): Promise<SegmentFilter> {
  const row = await findSegment(ctx, id);
  const parsed = segmentFilterSchema.safeParse(row.filter);
  if (!parsed.success) throw new ApiError('conflict', 'This segment\'s filter is no longer valid; save it again.');
  return parsed.data;
}

export async function updateSegment(ctx: ProjectCtx, id: string, patch: Partial<SegmentInput>) {
  const existing = await findSegment(ctx, id);
  const [row] = await ctx.db
    .update(segments)
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.filter !== undefined ? { filter: patch.filter } : {}),
      updatedAt: ctx.clock.now(),
    })
    .where(and(eq(segments.projectId, ctx.projectId), eq(segments.id, existing.id)))
    .returning();
  return present(row!);
}

/** A segment a goal measures stays: deleting it would silently change what the goal means. */
export async function deleteSegment(ctx: ProjectCtx, id: string) {
  const existing = await findSegment(ctx, id);
  const [goal] = await ctx.db
    .select({ id: npsGoals.id })
    .from(npsGoals)
    .where(and(eq(npsGoals.projectId, ctx.projectId), eq(npsGoals.segmentId, existing.id)))
    .limit(1);
  if (goal) throw new ApiError('conflict', 'A goal measures this segment; delete or change the goal first.', { goalId: goal.id });
  await ctx.db.delete(segments).where(and(eq(segments.projectId, ctx.projectId), eq(segments.id, existing.id)));
  return { id: existing.id, deleted: true };
}
