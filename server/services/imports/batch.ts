import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client';
import { sqlStateOf } from '../../../db/errors';
import { people, responses } from '../../../db/schema';
import { categorize } from '../../analytics/nps';
import { newId } from '../../ids';
import { mergeByExternalId } from '../people/upsert';
import { outboxCommitted } from '../../webhooks/wake';
import type { ProjectCtx } from '../context';
import { analyzeAnswer, type AnalysisColumns } from '../responses/analyze';
import { readThemeDefinitions } from '../themes/definitions';
import type { ThemeDefinition } from '../../text';
import { readIngestContext } from '../responses/ingest-context';
import type { ResponseRow } from '../responses/present';
import { followUpEventOf, responseEvent, type PersonView } from '../webhooks/event-data';
import { openFollowUpsForAnswers } from '../followups/open-batch';
import { enqueueWebhookEvents, type OutboxEvent } from '../webhooks/outbox';
import type { ImportedAnswer } from './answer';

/** A row of the file read as an answer, with the idempotency key that names it (`import:<source id>`). */
export type BatchRow = { line: number; answer: ImportedAnswer; key: string };

export type BatchResult = {
  created: number;
  /** Already stored with this survey, score and comment: a re-run. */
  unchanged: number;
  /**
   * Rows the batch does not decide, in file order, for the per-row ingest path: an answer stored before with
   * another score, comment or survey (merging and refusing are that path's), a repeat of a key earlier in the
   * batch that differs from it, and every row of a batch the database refused as a whole (a constraint or a
   * trigger), so its good rows are kept and the bad one is reported by the path that reports it today.
   */
  perRow: BatchRow[];
};

/**
 * Stores a batch of imported answers in one transaction of a few set-based statements: the ingest context
 * once (survey, theme definitions with their lock, rules, endpoints), the batch's people (one upsert for
 * those named by id, one read, one update and one insert for those named by email alone), all the answers in
 * one insert that skips keys already stored, one read of the stored ones, the follow-up cases the rules open
 * (../followups/open-batch.ts) and the webhook outbox rows in an insert each. The rows written are those the
 * per-row path (submitInTransaction) writes for the same answers in file order: the same analysis, the same
 * merge of people, the same cases and assignees, the same `response.created` and `followup.opened` events.
 */
export async function storeBatch(
  ctx: ProjectCtx,
  surveyId: string,
  rows: BatchRow[],
  followUpRules: boolean,
  analysed?: AnalysedBatch,
): Promise<BatchResult> {
  const now = ctx.clock.now();
  let outcome: { result: BatchResult; queued: number };
  try {
    outcome = await ctx.db.transaction((tx) => writeBatch(tx, ctx, surveyId, rows, followUpRules, now, analysed));
  } catch (err) {
    // The transaction wrote nothing; row by row, the one the database refuses fails alone.
    if (refusedBatch(err)) return { created: 0, unchanged: 0, perRow: rows };
    throw err;
  }
  if (outcome.queued > 0) outboxCommitted();
  // The widget asks this process whether to survey a customer again: it must know they answered.
  if (ctx.widgetContacts) {
    for (const row of rows) if (row.answer.person?.id) ctx.widgetContacts.forget(ctx.projectId, row.answer.person.id);
  }
  return outcome.result;
}

/** SQLSTATE classes 22 (data), 23 (integrity), 40 (rollback: serialization, deadlock) and P0 (a trigger). */
function refusedBatch(err: unknown): boolean {
  return /^(22|23|40|P0)/.test(sqlStateOf(err) ?? '');
}

/** A batch's comments analysed before its transaction, with the theme definitions that were read for it. */
export type AnalysedBatch = { themes: ThemeDefinition[]; columns: Map<BatchRow, AnalysisColumns> };

/**
 * Analyses a batch's comments with the project's current theme definitions, outside any transaction: the
 * importer does this while the batch before is being written. The batch's transaction reads the definitions
 * again under the ingest's lock and analyses again only if they changed in between.
 */
export async function analyseBatch(ctx: ProjectCtx, rows: BatchRow[]): Promise<AnalysedBatch> {
  const themes = rows.some((row) => row.answer.comment !== null) ? await readThemeDefinitions(ctx.db, ctx.projectId) : [];
  return { themes, columns: new Map(rows.map((row) => [row, analyzeAnswer(ctx, row.answer.comment, themes)])) };
}

type PersonFields = { email: string | null; name: string | null; locale: string | null };

async function writeBatch(
  tx: Tx,
  ctx: ProjectCtx,
  surveyId: string,
  rows: BatchRow[],
  followUpRules: boolean,
  now: Date,
  analysed: AnalysedBatch | undefined,
): Promise<{ result: BatchResult; queued: number }> {
  const projectId = ctx.projectId;
  const anyComment = rows.some((row) => row.answer.comment !== null);
  const context = await readIngestContext(tx, projectId, surveyId, anyComment ? '' : null);
  // A survey archived since the import began: the per-row path says so for each row.
  if (!context.surveyExists) {
    return { result: { created: 0, unchanged: 0, perRow: rows }, queued: 0 };
  }

  const personIds = await resolvePeople(tx, projectId, rows, now);
  const personOfRow = (answer: ImportedAnswer) =>
    answer.person?.id !== undefined
      ? personIds.byExternalId.get(answer.person.id)!
      : answer.person?.email !== undefined
        ? personIds.byEmail.get(answer.person.email.toLowerCase())!
        : null;

  // The first row with a key is the answer; a later row with the same key is decided after the insert.
  const firsts = new Map<string, BatchRow>();
  for (const row of rows) if (!firsts.has(row.key)) firsts.set(row.key, row);
  const current = analysed !== undefined && JSON.stringify(analysed.themes) === JSON.stringify(context.themes);
  const analysisOf = (row: BatchRow) => (current && analysed.columns.get(row)) || analyzeAnswer(ctx, row.answer.comment, context.themes);
  const values: ResponseRow[] = [...firsts.values()].map((row) => {
    const { answer, key } = row;
    return {
      id: newId('rsp'),
      projectId,
      surveyId,
      personId: personOfRow(row.answer),
      score: answer.score,
      category: categorize(answer.score),
      comment: answer.comment,
      locale: answer.locale ?? answer.person?.locale ?? null,
      channel: 'import',
      properties: answer.properties,
      idempotencyKey: key,
      ...analysisOf(row),
      revision: 0,
      createdAt: answer.answeredAt ?? now,
      updatedAt: answer.answeredAt ?? now,
    };
  });
  const inserted = await tx
    .insert(responses)
    .values(values)
    .onConflictDoNothing({ target: [responses.projectId, responses.idempotencyKey] })
    .returning({ key: responses.idempotencyKey });
  const created = new Set(inserted.map((row) => row.key!));

  // Keys stored before: unchanged when this row would change nothing, else the per-row path merges or refuses it.
  type Stored = { surveyId: string; score: number; comment: string | null };
  const stored = new Map<string, Stored>();
  const earlier = [...firsts.keys()].filter((key) => !created.has(key));
  if (earlier.length > 0) {
    const found = await tx
      .select({ key: responses.idempotencyKey, surveyId: responses.surveyId, score: responses.score, comment: responses.comment })
      .from(responses)
      .where(and(eq(responses.projectId, projectId), inArray(responses.idempotencyKey, earlier)));
    for (const row of found) stored.set(row.key!, row);
  }
  for (const key of created) {
    const { answer } = firsts.get(key)!;
    stored.set(key, { surveyId, score: answer.score, comment: answer.comment });
  }

  const result: BatchResult = { created: created.size, unchanged: 0, perRow: [] };
  const deferred = new Set<string>(); // keys sent row by row: their repeats follow them there, in order
  for (const row of rows) {
    if (created.has(row.key) && firsts.get(row.key) === row) continue;
    const before = stored.get(row.key);
    const same =
      !deferred.has(row.key) &&
      before !== undefined &&
      before.surveyId === surveyId &&
      before.score === row.answer.score &&
      (row.answer.comment === null || row.answer.comment === before.comment);
    if (same) {
      result.unchanged++;
    } else {
      deferred.add(row.key);
      result.perRow.push(row);
    }
  }

  // What follows from the new answers, as for each one live: the rules' cases, then the events, each answer's
  // own event before its case's. Rules and events see the person as stored after this batch.
  const rules = followUpRules ? context.rules : [];
  const createdRows = values.filter((row) => created.has(row.idempotencyKey!));
  if (createdRows.length === 0 || (rules.length === 0 && context.endpoints.length === 0)) return { result, queued: 0 };
  const persons = await personsOf(tx, projectId, createdRows);
  const personOf = (row: ResponseRow) => (row.personId === null ? null : (persons.get(row.personId) ?? null));
  const cases = await openFollowUpsForAnswers(tx, projectId, createdRows.map((row) => ({ response: row, traits: personOf(row)?.traits ?? {} })), rules, now);

  let queued = 0;
  if (context.endpoints.length > 0) {
    const events: OutboxEvent[] = createdRows.flatMap((row) => {
      const followUp = cases.get(row.id);
      const event = responseEvent(row, personOf(row), 'response.created');
      return followUp ? [event, followUpEventOf(followUp, 'followup.opened', now, row, personOf(row))] : [event];
    });
    // A statement takes at most 65,535 parameters: a few thousand delivery rows per insert, however many endpoints.
    const perInsert = Math.max(1, Math.floor(4000 / context.endpoints.length));
    for (let i = 0; i < events.length; i += perInsert) {
      queued += await enqueueWebhookEvents(tx, events.slice(i, i + perInsert), context.endpoints, now);
    }
  }
  return { result, queued };
}

/** The people the answers name, as stored now, by id. */
async function personsOf(tx: Tx, projectId: string, rows: ResponseRow[]): Promise<Map<string, PersonView>> {
  const ids = [...new Set(rows.map((row) => row.personId).filter((id): id is string => id !== null))];
  const persons = new Map<string, PersonView>();
  if (ids.length === 0) return persons;
  const found = await tx.select().from(people).where(and(eq(people.projectId, projectId), inArray(people.id, ids)));
  for (const { projectId: _projectId, ...person } of found) persons.set(person.id, person);
  return persons;
}

/**
 * The people of a batch, found or created as upsertPerson would for each row in file order: a person named
 * by id is upserted by that id (a later non-empty email, name or locale replaces the stored one); a person
 * named by email alone is the project's oldest person with that email (any case), whose name and locale a
 * later non-empty value replaces, or a new person. People named by id are written first, so an email-only
 * row finds a person the same batch created by id with that email.
 */
async function resolvePeople(tx: Tx, projectId: string, rows: BatchRow[], now: Date) {
  const byId = new Map<string, PersonFields>();
  const byEmail = new Map<string, PersonFields & { email: string }>();
  const later = (a: string | null, b: string | undefined) => b ?? a;
  for (const { answer } of rows) {
    const person = answer.person;
    if (!person) continue;
    if (person.id !== undefined) {
      const known = byId.get(person.id) ?? { email: null, name: null, locale: null };
      byId.set(person.id, { email: later(known.email, person.email), name: later(known.name, person.name), locale: later(known.locale, person.locale) });
    } else if (person.email !== undefined) {
      const key = person.email.toLowerCase();
      const known = byEmail.get(key) ?? { email: person.email, name: null, locale: null };
      byEmail.set(key, { email: known.email, name: later(known.name, person.name), locale: later(known.locale, person.locale) });
    }
  }

  const byExternalId = new Map<string, string>();
  if (byId.size > 0) {
    const upserted = await tx
      .insert(people)
      .values(
        [...byId].map(([externalId, fields]) => ({
          id: newId('per'),
          projectId,
          externalId,
          ...fields,
          traits: {},
          createdAt: now,
          updatedAt: now,
        })),
      )
      .onConflictDoUpdate(mergeByExternalId(now))
      .returning({ id: people.id, externalId: people.externalId });
    for (const row of upserted) byExternalId.set(row.externalId!, row.id);
  }

  const emailIds = new Map<string, string>();
  if (byEmail.size > 0) {
    const lowerEmail = sql<string>`lower(${people.email})`;
    const found = await tx
      .selectDistinctOn([lowerEmail], { id: people.id, key: lowerEmail })
      .from(people)
      .where(and(eq(people.projectId, projectId), inArray(lowerEmail, [...byEmail.keys()])))
      .orderBy(lowerEmail, people.createdAt, people.id);
    for (const row of found) emailIds.set(row.key, row.id);

    if (found.length > 0) {
      // What upsertPerson sets on a person found by email: a given name or locale, and the time of the change.
      const list = sql.join(
        found.map((row) => {
          const fields = byEmail.get(row.key)!;
          return sql`(${row.id}::text, ${fields.name}::text, ${fields.locale}::text)`;
        }),
        sql`, `,
      );
      await tx.execute(sql`update people set name = coalesce(v.name, people.name), locale = coalesce(v.locale, people.locale),
          updated_at = ${now.toISOString()}::timestamptz
        from (values ${list}) as v(id, name, locale)
        where people.project_id = ${projectId} and people.id = v.id`);
    }

    const fresh = [...byEmail].filter(([key]) => !emailIds.has(key));
    if (fresh.length > 0) {
      const insertedPeople = fresh.map(([key, fields]) => ({
        key,
        row: { id: newId('per'), projectId, email: fields.email, name: fields.name, locale: fields.locale, traits: {}, createdAt: now, updatedAt: now },
      }));
      await tx.insert(people).values(insertedPeople.map((p) => p.row));
      for (const p of insertedPeople) emailIds.set(p.key, p.row.id);
    }
  }
  return { byExternalId, byEmail: emailIds };
}
