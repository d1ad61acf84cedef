import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client';
import { responses, type ResponseChannel } from '../../../db/schema';
import { categorize } from '../../analytics/nps';
import { ApiError } from '../../errors';
import { newId } from '../../ids';
import type { ProjectCtx } from '../context';
import { upsertPerson, type PersonInput } from '../people/upsert';
import { getSurvey } from '../surveys/manage';
import { recordAnswerConsequences } from '../followups/after-answer'; // issue 6: follow-ups and webhook outbox
import { outboxCommitted } from '../../webhooks/wake'; // issue 6: wake this process's dispatcher after commit
import type { ThemeDefinition } from '../../text';
import { analyzeComment } from './analyze';
import { themeDefinitionsForIngest } from '../themes/definitions'; // issue 5: project-defined themes
import type { ResponseRow } from './present';

export type SubmitResponseInput = {
  surveyId: string;
  score: number;
  comment?: string | null;
  idempotencyKey?: string;
  person?: PersonInput;
  channel?: ResponseChannel;
  locale?: string;
  properties?: Record<string, unknown>;
};

export type ResponseChange = 'created' | 'updated' | 'unchanged';
export type SubmitResult = { response: ResponseRow; change: ResponseChange };

/**
 * Stores one answer. The idempotency key names the answer: a retry returns the stored response untouched,
 * and a later call with the same key may change the comment or the score (the widget sends the score the
 * moment it is picked and the comment later). Everything happens in one transaction.
 */
export async function submitResponse(ctx: ProjectCtx, input: SubmitResponseInput): Promise<SubmitResult> {
  await getSurvey(ctx, input.surveyId); // 404 for unknown, archived or another project's survey
  const now = ctx.clock.now();
  const comment = normalizeComment(input.comment);

  const stored = await ctx.db.transaction(async (tx) => {
    const themes = await themeDefinitionsForIngest(tx, ctx.projectId, comment); // issue 5: under the shared theme lock
    const personId = input.person ? await upsertPerson(tx, ctx.projectId, input.person, now) : null;
    const values = {
      id: newId('rsp'),
      projectId: ctx.projectId,
      surveyId: input.surveyId,
      personId,
      score: input.score,
      category: categorize(input.score),
      comment,
      locale: input.locale ?? input.person?.locale ?? null,
      channel: input.channel ?? 'api',
      properties: input.properties ?? {},
      idempotencyKey: input.idempotencyKey ?? null,
      ...analyzeComment(comment, themes),
      createdAt: now,
      updatedAt: now,
    };

    const [inserted] = await tx
      .insert(responses)
      .values(values)
      .onConflictDoNothing({ target: [responses.projectId, responses.idempotencyKey] })
      .returning();
    const result: SubmitResult = inserted
      ? { response: inserted, change: 'created' }
      : await mergeIntoExisting(tx, ctx, input, comment, now, themes);
    // Follow-up rules and webhook outbox rows are written here, in this transaction, so they commit with the answer.
    await recordAnswerConsequences(tx, ctx, result);
    return result;
  });
  if (stored.change !== 'unchanged') outboxCommitted();
  return stored;
}

function normalizeComment(comment: string | null | undefined): string | null {
  if (comment === undefined || comment === null) return null;
  const trimmed = comment.trim();
  return trimmed === '' ? null : trimmed;
}

async function mergeIntoExisting(
  tx: Tx,
  ctx: ProjectCtx,
  input: SubmitResponseInput,
  comment: string | null,
  now: Date,
  themes: ThemeDefinition[],
): Promise<SubmitResult> {
  const [existing] = await tx
    .select()
    .from(responses)
    .where(and(eq(responses.projectId, ctx.projectId), eq(responses.idempotencyKey, input.idempotencyKey!)))
    .for('update');
  if (!existing) throw new ApiError('conflict', 'The answer with this idempotency key changed concurrently; retry.');
  if (existing.surveyId !== input.surveyId) {
    throw new ApiError('conflict', 'This idempotency key was already used for another survey.', {
      idempotencyKey: input.idempotencyKey,
    });
  }
  const commentChanged = comment !== null && comment !== existing.comment;
  const scoreChanged = input.score !== existing.score;
  if (!commentChanged && !scoreChanged) return { response: existing, change: 'unchanged' };

  const [updated] = await tx
    .update(responses)
    .set({
      score: input.score,
      category: categorize(input.score),
      ...(commentChanged ? { comment, ...analyzeComment(comment, themes) } : {}),
      revision: sql`${responses.revision} + 1`,
      updatedAt: now,
    })
    .where(eq(responses.id, existing.id))
    .returning();
  return { response: updated!, change: 'updated' };
}
