import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../db/client';
import { followUpEvents, followUpRules, followUps } from '../../../db/schema';
import { newId } from '../../ids';
import type { ProjectCtx } from '../context';
import type { RuleRow } from '../responses/ingest-context';
import type { ResponseRow } from '../responses/present';
import { isProjectMember, nextRoundRobinAssignee } from './assignees';
import { historyRows } from './history';
import type { FollowUpRow } from './present';
import { readRule, rulesInTurn } from './rules/choose';
import type { AnswerFacts } from './rules/match';
import type { RuleAction } from './rules/schema';

/**
 * Runs the project's rules against a new or changed answer and opens a case for the first that matches.
 * A rule that is broken (stored conditions that no longer parse, an assignee that is gone, anything that
 * throws) is skipped and its error kept on the rule: the answer itself is always stored.
 */
export async function openFollowUpForAnswer(
  tx: Tx,
  ctx: ProjectCtx,
  response: ResponseRow,
  options: { isNew: boolean; traits: Record<string, unknown>; rules: RuleRow[] },
): Promise<FollowUpRow | null> {
  const { rules } = options;
  if (rules.length === 0) return null;
  if (!options.isNew) {
    const [existing] = await tx
      .select({ id: followUps.id })
      .from(followUps)
      .where(and(eq(followUps.projectId, ctx.projectId), eq(followUps.responseId, response.id)));
    if (existing) return null; // one case per answer, even when the answer changes later
  }

  const now = ctx.clock.now();
  for (const step of rulesInTurn(rules.map(readRule), answerFacts(response, options.traits))) {
    if ('error' in step) {
      // A rule that is broken or cannot be evaluated opens nothing; the answer is stored all the same.
      await noteRuleError(tx, step.rule, step.error, now);
      continue;
    }
    try {
      // A savepoint: if opening fails, only this attempt is rolled back, not the answer.
      return await tx.transaction((sp) => openCase(sp, step.rule, step.action, response, now));
    } catch (err) {
      await noteRuleError(tx, step.rule, `Could not open a follow-up: ${err instanceof Error ? err.message : String(err)}`, now);
    }
  }
  return null;
}

export function answerFacts(response: ResponseRow, traits: Record<string, unknown>): AnswerFacts {
  return {
    score: response.score,
    category: response.category,
    sentimentLabel: response.sentimentLabel,
    themes: response.themes,
    channel: response.channel,
    language: response.language,
    traits,
  };
}

/**
 * Writes the case and the first line of its history in one statement (a round trip less on the ingest path
 * of every detractor). The history row names the case id made here, and its foreign key is checked at the
 * end of the statement, after the case is in.
 */
async function openCase(tx: Tx, rule: RuleRow, action: RuleAction, response: ResponseRow, now: Date): Promise<FollowUpRow> {
  const rows = openingRows(rule, action, response, await chooseAssignee(tx, rule, action), now);
  const opened = tx.$with('opened').as(tx.insert(followUps).values(rows.followUp).returning());
  const history = tx.$with('history').as(tx.insert(followUpEvents).values(rows.history));
  const [followUp] = await tx.with(opened, history).select().from(opened);
  return followUp!;
}

/** What a rule opening a case for an answer writes: the case, due per the rule's action, and its first history line. */
export function openingRows(rule: RuleRow, action: RuleAction, response: ResponseRow, assigneeId: string | null, now: Date) {
  const followUp: FollowUpRow = {
    id: newId('fup'),
    projectId: rule.projectId,
    responseId: response.id,
    surveyId: response.surveyId,
    personId: response.personId,
    ruleId: rule.id,
    status: 'open',
    assigneeId,
    dueAt: new Date(now.getTime() + action.dueInHours * 3600_000),
    resolution: null,
    firstActionAt: null,
    resolvedAt: null,
    reaskAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const [history] = historyRows(rule.projectId, followUp.id, [{ kind: 'opened', actor: `rule:${rule.id}`, data: { ruleId: rule.id, assigneeId } }], now);
  return { followUp, history: history! };
}

/** Who a case that `rule` opens goes to; throws when its chosen assignee is no longer a member. */
async function chooseAssignee(tx: Tx, rule: RuleRow, action: RuleAction): Promise<string | null> {
  if (action.assign.mode === 'none') return null;
  if (action.assign.mode === 'user') {
    if (!(await isProjectMember(tx, rule.projectId, action.assign.userId))) {
      throw new Error(`assignee ${action.assign.userId} is not a member of the project`);
    }
    return action.assign.userId;
  }
  // Lock the rule row: concurrent answers take turns instead of handing two cases to the same person.
  const [locked] = await tx.select({ last: followUpRules.lastAssigneeId }).from(followUpRules).where(ruleRow(rule)).for('update');
  const next = await nextRoundRobinAssignee(tx, rule.projectId, locked?.last ?? null);
  if (next) await tx.update(followUpRules).set({ lastAssigneeId: next }).where(ruleRow(rule));
  return next;
}

/** Keeps what went wrong with a rule on the rule, for the team to see on the Rules page. */
export async function noteRuleError(tx: Tx, rule: RuleRow, message: string, now: Date) {
  await tx.update(followUpRules).set({ lastError: message.slice(0, 1000), lastErrorAt: now }).where(ruleRow(rule));
}

const ruleRow = (rule: RuleRow) => and(eq(followUpRules.projectId, rule.projectId), eq(followUpRules.id, rule.id));
