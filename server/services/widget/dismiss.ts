import { widgetDismissals } from '../../../db/schema';
import { newId } from '../../ids';
import type { ProjectCtx } from '../context';
import { upsertPerson } from '../people/upsert';
import { getSurvey } from '../surveys/manage';

export type DismissalInput = { surveyId: string; personId?: string; anonymousId?: string };

/** Records a "not now". For an identified person it counts on every device they use. */
export async function recordDismissal(ctx: ProjectCtx, input: DismissalInput) {
  await getSurvey(ctx, input.surveyId); // 404 for unknown or other projects' surveys
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const personId = input.personId ? ((await upsertPerson(tx, ctx.projectId, { id: input.personId }, now))?.id ?? null) : null;
    const [row] = await tx
      .insert(widgetDismissals)
      .values({
        id: newId('dis'),
        projectId: ctx.projectId,
        surveyId: input.surveyId,
        personId,
        anonymousId: input.anonymousId ?? null,
        createdAt: now,
      })
      .returning();
    return { id: row!.id, surveyId: row!.surveyId, createdAt: row!.createdAt };
  });
}
