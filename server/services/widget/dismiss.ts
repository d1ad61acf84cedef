import { widgetDismissals } from '../../../db/schema';
import { newId } from '../../ids';
import type { ProjectCtx } from '../context';
import { getSurvey } from '../surveys/manage';

export type DismissalInput = { surveyId: string; personId?: string; anonymousId?: string };

/**
 * Records a "not now". For an identified person it counts on every device they use. The person is named by
 * the customer's id and never created here: dismissals come with the publishable key, and creating people
 * for any id sent would let anyone fill the project's people list.
 */
export async function recordDismissal(ctx: ProjectCtx, input: DismissalInput) {
  await getSurvey(ctx, input.surveyId); // 404 for unknown or other projects' surveys
  const [row] = await ctx.db
    .insert(widgetDismissals)
    .values({
      id: newId('dis'),
      projectId: ctx.projectId,
      surveyId: input.surveyId,
      personExternalId: input.personId ?? null,
      anonymousId: input.anonymousId ?? null,
      createdAt: ctx.clock.now(),
    })
    .returning();
  if (input.personId) ctx.widgetContacts?.forget(ctx.projectId, input.personId);
  return { id: row!.id, surveyId: row!.surveyId, createdAt: row!.createdAt };
}
