import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client';
import { responses, type ResponseChannel } from '../../../db/schema';
import { categorize } from '../../analytics/nps';
import { ApiError, notFound } from '../../errors';
import { newId } from '../../ids';
import type { ProjectCtx } from '../context';
import { upsertPerson, type PersonInput, type PersonRow } from '../people/upsert';
import { recordAnswerConsequences } from '../followups/after-answer'; // follow-up cases and webhook outbox rows
import { outboxCommitted } from '../../webhooks/wake'; // wakes this process's dispatcher after commit
import type { ThemeDefinition } from '../../text';
import { analyzeAnswer } from './analyze';
import type { PersonView } from '../webhooks/event-data';
import { readIngestContext } from './ingest-context';
import { storeInOneStatement } from './one-statement';
import { withPersonTrust, type PersonTrust } from './person-trust';
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
  /** Absent means 'untrusted': only a trusted caller or a valid person.signature changes a stored person. */
  personTrust?: PersonTrust;
  /** When the answer was given, if not now: an import keeps the original time, so history and rollups put it there. */
  answeredAt?: Date;
  /** False: follow-up rules are not run for this answer (a backfill of old answers opens no cases). */
  followUpRules?: boolean;
};

export type ResponseChange = 'created' | 'updated' | 'unchanged';
export type SubmitResult = { response: ResponseRow; change: ResponseChange };

/**
 * Stores one answer. The idempotency key names the answer: a retry returns the stored response untouched,
 * and a later call with the same key may change the comment or the score (the widget sends the score the
 * moment it is picked and the comment later). A new answer is usually written by one statement, with the
 * project's settings cached in the process (storeInOneStatement). The rest (repeats and changes of an
 * answer, a person known by email, rules that need stored traits or pick an assignee) takes a transaction
 * in few round trips: its reads go out together (readIngestContext), then the person, the answer, a
 * follow-up case if a rule opens one, and the outbox rows. Both paths write the same rows. The answer's
 * rollup count is added at commit (migration 0012).
 */
export async function submitResponse(ctx: ProjectCtx, claimed: SubmitResponseInput): Promise<SubmitResult> {
  const input = await withPersonTrust(ctx, claimed); // before either path, so both store the same person
  const now = ctx.clock.now();
  const comment = normalizeComment(input.comment);

  const stored = await storeInOneStatement(ctx, input, comment, now);
  const result = stored ? { response: stored.response, change: stored.change } : await submitInTransaction(ctx, input, comment, now);
  if (stored && stored.queued > 0) outboxCommitted();
  // The widget asks this process whether to survey this customer again: it must know they just answered.
  if (input.person?.id) ctx.widgetContacts?.forget(ctx.projectId, input.person.id);
  return result;
}

/** The path for answers the one statement does not take (exported so tests can hold both paths side by side). */
export async function submitInTransaction(ctx: ProjectCtx, input: SubmitResponseInput, comment: string | null, now: Date): Promise<SubmitResult> {
  const { result, queued } = await ctx.db.transaction(async (tx) => {
    const context = await readIngestContext(tx, ctx.projectId, input.surveyId, comment);
    if (!context.surveyExists) throw notFound('Survey'); // unknown, archived or another project's survey
    const person = input.person ? await upsertPerson(tx, ctx.projectId, input.person, now) : null;
    const values = {
      id: newId('rsp'),
      projectId: ctx.projectId,
      surveyId: input.surveyId,
      personId: person?.id ?? null,
      score: input.score,
      category: categorize(input.score),
      comment,
      locale: input.locale ?? input.person?.locale ?? null,
      channel: input.channel ?? 'api',
      properties: input.properties ?? {},
      idempotencyKey: input.idempotencyKey ?? null,
      ...analyzeAnswer(ctx, comment, context.themes),
      createdAt: input.answeredAt ?? now,
      updatedAt: input.answeredAt ?? now,
    };

    const [inserted] = await tx
      .insert(responses)
      .values(values)
      .onConflictDoNothing({ target: [responses.projectId, responses.idempotencyKey] })
      .returning();
    const result: SubmitResult = inserted
      ? { response: inserted, change: 'created' }
      : await mergeIntoExisting(tx, ctx, input, comment, now, context.themes);
    // Follow-up rules and webhook outbox rows are written here, in this transaction, so they commit with the answer.
    const knownPerson = inserted ? personView(person) : undefined; // a merged answer may belong to someone else
    const consequences = input.followUpRules === false ? { ...context, rules: [] } : context;
    const queued = await recordAnswerConsequences(tx, ctx, result, consequences, knownPerson);
    return { result, queued };
  });
  if (queued > 0) outboxCommitted();
  return result;
}

function personView(row: PersonRow | null): PersonView | null {
  if (!row) return null;
  const { projectId: _projectId, ...person } = row;
  return person;
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
      ...(commentChanged ? { comment, ...analyzeAnswer(ctx, comment, themes) } : {}),
      revision: sql`${responses.revision} + 1`,
      updatedAt: now,
    })
    .where(and(eq(responses.projectId, ctx.projectId), eq(responses.id, existing.id)))
    .returning();
  return { response: updated!, change: 'updated' };
}
