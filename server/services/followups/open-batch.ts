import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../db/client';
import { followUpEvents, followUpRules, followUps } from '../../../db/schema';
import type { RuleRow } from '../responses/ingest-context';
import type { ResponseRow } from '../responses/present';
import { memberAfter, membersInTurnOrder } from './assignees';
import { answerFacts, noteRuleError, openingRows } from './open';
import type { FollowUpRow } from './present';
import { readRule, rulesInTurn } from './rules/choose';
import type { RuleAction } from './rules/schema';

/** Rows per insert: well under a statement's 65,535 parameters for a case (15 columns) or a history line. */
const ROWS_PER_INSERT = 2000;

/**
 * Runs the rules against a batch of new answers, in order, and opens the cases they ask for with a few
 * statements instead of a few per answer: what openFollowUpForAnswer does for each answer in turn, with the
 * same cases, assignees, history and rule errors. The project's members are read once; a round-robin rule is
 * locked once and hands out its turns in the order of the answers; a rule that assigns someone who is no
 * longer a member is passed over for every answer, as it would be for each. Returns the case of each
 * answer that got one, by answer id.
 */
export async function openFollowUpsForAnswers(
  tx: Tx,
  projectId: string,
  answers: { response: ResponseRow; traits: Record<string, unknown> }[],
  rules: RuleRow[],
  now: Date,
): Promise<Map<string, FollowUpRow>> {
  const opened = new Map<string, FollowUpRow>();
  if (rules.length === 0 || answers.length === 0) return opened;
  const read = rules.map(readRule);
  const errors = new Map<RuleRow, string>(); // the last error of each rule, as answer-by-answer would leave it
  const members = await membersInTurnOrder(tx, projectId);
  const cannotOpen = (action: RuleAction) =>
    action.assign.mode === 'user' && !members.includes(action.assign.userId)
      ? `Could not open a follow-up: assignee ${action.assign.userId} is not a member of the project`
      : null;

  const chosen: { response: ResponseRow; rule: RuleRow; action: RuleAction }[] = [];
  for (const { response, traits } of answers) {
    for (const step of rulesInTurn(read, answerFacts(response, traits))) {
      const error = 'error' in step ? step.error : cannotOpen(step.action);
      if (error !== null) {
        errors.set(step.rule, error);
        continue;
      }
      if ('action' in step) chosen.push({ response, rule: step.rule, action: step.action });
      break;
    }
  }

  // Round-robin rules take turns from where they stopped, under the lock the one-answer path takes too.
  const turns = new Map<RuleRow, string | null>();
  const assigneeOf = async (rule: RuleRow, action: RuleAction): Promise<string | null> => {
    if (action.assign.mode === 'none') return null;
    if (action.assign.mode === 'user') return action.assign.userId;
    if (!turns.has(rule)) {
      const [locked] = await tx
        .select({ last: followUpRules.lastAssigneeId })
        .from(followUpRules)
        .where(and(eq(followUpRules.projectId, projectId), eq(followUpRules.id, rule.id)))
        .for('update');
      turns.set(rule, locked?.last ?? null);
    }
    const next = memberAfter(members, turns.get(rule) ?? null);
    if (next !== null) turns.set(rule, next);
    return next;
  };
  const rows: ReturnType<typeof openingRows>[] = [];
  for (const { response, rule, action } of chosen) rows.push(openingRows(rule, action, response, await assigneeOf(rule, action), now));

  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const part = rows.slice(i, i + ROWS_PER_INSERT);
    const inserted = await tx.insert(followUps).values(part.map((r) => r.followUp)).returning();
    await tx.insert(followUpEvents).values(part.map((r) => r.history));
    for (const followUp of inserted) opened.set(followUp.responseId, followUp);
  }
  for (const [rule, last] of turns) {
    if (last !== null) {
      await tx.update(followUpRules).set({ lastAssigneeId: last }).where(and(eq(followUpRules.projectId, projectId), eq(followUpRules.id, rule.id)));
    }
  }
  for (const [rule, message] of errors) await noteRuleError(tx, rule, message, now);
  return opened;
}
