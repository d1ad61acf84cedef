import { runStatement } from '../../../db/client';
import { columnRecord } from '../../../db/records';
import { followUpEvents, followUps, people, responses, webhookDeliveries } from '../../../db/schema';
import { categorize } from '../../analytics/nps';
import { notFound } from '../../errors';
import { newId } from '../../ids';
import { sqlStateOf } from '../../../db/errors';
import type { ProjectCtx } from '../context';
import { answerFacts, openingRows } from '../followups/open';
import type { FollowUpRow } from '../followups/present';
import type { RuleAction } from '../followups/rules/schema';
import { ruleMatches } from '../followups/rules/match';
import { followUpEventOf, responseEvent } from '../webhooks/event-data';
import { deliveryRows, targetsOf, type OutboxEvent } from '../webhooks/outbox';
import { analyzeAnswer } from './analyze';
import { forgetIngestSettings, ingestSettings, type CachedRule, type IngestSettings } from './ingest-settings';
import type { ResponseRow } from './present';
import type { SubmitResponseInput, SubmitResult } from './submit';

/** Writes the answer and what follows from it in one statement (migration 0015 says what it checks). */
const STORE_ANSWER = 'select * from kizuna_store_answer($1, $2, $3, $4, $5, $6, $7, $8)';

type StatementRow = { current: boolean | null; survey_found: boolean; stored_id: string | null; person_id: string | null };

export type StoredInOneStatement = SubmitResult & { queued: number };

/**
 * Stores a new answer in one statement when everything it needs is known in the process. Returns null when
 * the answer needs the transaction path instead: a repeat of an idempotency key (merging reads the stored
 * answer), a person known only by email (found by a read), a rule that needs the person's stored traits or a
 * chosen assignee, a rule that no longer parses (its error is recorded there), or a webhook payload that
 * must carry a stored person. Throws 404 for a survey that is unknown, archived or another project's.
 */
export async function storeInOneStatement(
  ctx: ProjectCtx,
  input: SubmitResponseInput,
  comment: string | null,
  now: Date,
): Promise<StoredInOneStatement | null> {
  // Twice at most: a settings change between reading the settings and storing makes the first try write
  // nothing; a second change in that instant sends the answer down the transaction path.
  for (let attempt = 0; attempt < 2; attempt++) {
    const settings = await ingestSettings(ctx.db, ctx.projectId);
    if (!settings) return null;
    const plan = planAnswer(ctx, settings, input, comment, now);
    if (!plan) return null;
    let row: StatementRow | undefined;
    try {
      [row] = await runStatement<StatementRow>(ctx.db, STORE_ANSWER, [
        ctx.projectId,
        settings.version,
        input.surveyId,
        JSON.stringify(columnRecord(responses, plan.response)),
        plan.person ? JSON.stringify(plan.person) : null,
        plan.followUp ? JSON.stringify(columnRecord(followUps, plan.followUp)) : null,
        plan.history ? JSON.stringify(plan.history) : null,
        JSON.stringify(plan.deliveries),
      ]);
    } catch (err) {
      // The statement wrote nothing. If a row was refused (a constraint, a trigger), the transaction path
      // stores the answer anyway and records on the rule why its case could not be opened.
      if (refusedRow(err)) return null;
      throw err;
    }
    if (!row || row.current === null) return null; // the project is gone: let the transaction path say so
    if (!row.current) {
      await forgetIngestSettings(settings);
      continue;
    }
    if (!row.survey_found) throw notFound('Survey');
    if (!row.stored_id) return null;
    return { response: { ...plan.response, personId: row.person_id }, change: 'created', queued: plan.deliveries.length };
  }
  return null;
}

/** SQLSTATE classes 22 (data exception), 23 (integrity constraint violation) and P0 (raised by a trigger). */
function refusedRow(err: unknown): boolean {
  return /^(22|23|P0)/.test(sqlStateOf(err) ?? '');
}

type Plan = {
  response: ResponseRow;
  person: Record<string, unknown> | null;
  followUp: FollowUpRow | null;
  history: Record<string, unknown> | null;
  deliveries: Record<string, unknown>[];
};

/** Everything the statement writes, worked out in the process from the answer and the cached settings. */
function planAnswer(ctx: ProjectCtx, settings: IngestSettings, input: SubmitResponseInput, comment: string | null, now: Date): Plan | null {
  const identity = input.person;
  if (identity && !identity.id) return null;
  const response: ResponseRow = {
    id: newId('rsp'),
    projectId: settings.projectId,
    surveyId: input.surveyId,
    personId: null,
    score: input.score,
    category: categorize(input.score),
    comment,
    locale: input.locale ?? identity?.locale ?? null,
    channel: input.channel ?? 'api',
    properties: input.properties ?? {},
    idempotencyKey: input.idempotencyKey ?? null,
    ...analyzeAnswer(ctx, comment, settings.themes),
    revision: 0,
    createdAt: input.answeredAt ?? now,
    updatedAt: input.answeredAt ?? now,
  };

  const rules = input.followUpRules === false ? [] : settings.rules.filter((rule) => rule.row.surveyId === null || rule.row.surveyId === input.surveyId);
  const decision = firstMatchingRule(rules, response, identity !== undefined);
  if (decision === 'undecided') return null;
  // The case's person is the one the statement stores (response.personId is null until then).
  const opening = decision ? openingRows(decision.rule.row, decision.action, response, null, now) : null;
  const followUp = opening?.followUp ?? null;

  const deliveries = settings.endpoints.length === 0 ? [] : outboxRows(settings, response, followUp, now);
  if (identity && deliveries.length > 0) return null; // the payload carries the person as stored after this answer

  return {
    response,
    person: identity
      ? columnRecord(people, {
          id: newId('per'),
          projectId: settings.projectId,
          externalId: identity.id,
          email: identity.email ?? null,
          name: identity.name ?? null,
          locale: identity.locale ?? null,
          traits: identity.traits ?? {},
          createdAt: now,
          updatedAt: now,
        })
      : null,
    followUp,
    history: opening ? columnRecord(followUpEvents, opening.history) : null,
    // Due now, or when the endpoint's backoff ends as the statement reads it (the cached backoff may be over).
    deliveries: deliveries.map((delivery) => columnRecord(webhookDeliveries, { ...delivery, nextAttemptAt: now })),
  };
}

/** The response event and the case's, for the endpoints subscribed to each (in that order, as they are delivered). */
function outboxRows(settings: IngestSettings, response: ResponseRow, followUp: FollowUpRow | null, now: Date) {
  const events: OutboxEvent[] = [responseEvent(response, null, 'response.created')];
  if (followUp) events.push(followUpEventOf(followUp, 'followup.opened', now, response, null));
  return events.flatMap((event) => deliveryRows(targetsOf(event, settings.endpoints), event, now));
}

/**
 * The rule that opens a case for this answer, null when none does, or 'undecided' when the process cannot
 * tell or cannot act alone: a rule that does not parse, one that looks at a named person's stored traits,
 * or a match that assigns someone (membership and round-robin turns are read and written under a lock).
 */
function firstMatchingRule(
  rules: CachedRule[],
  response: ResponseRow,
  namesPerson: boolean,
): { rule: CachedRule; action: RuleAction } | null | 'undecided' {
  const facts = answerFacts(response, {});
  for (const rule of rules) {
    if (!rule.conditions || !rule.action) return 'undecided';
    if (namesPerson && rule.conditions.traits && Object.keys(rule.conditions.traits).length > 0) return 'undecided';
    let matches: boolean;
    try {
      matches = ruleMatches(rule.conditions, facts);
    } catch {
      return 'undecided'; // the transaction path runs the rule again and records its error on the rule
    }
    if (!matches) continue;
    return rule.action.assign.mode === 'none' ? { rule, action: rule.action } : 'undecided';
  }
  return null;
}
