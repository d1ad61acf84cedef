import type { RuleRow } from '../../responses/ingest-context';
import { ruleMatches, type AnswerFacts } from './match';
import { ruleActionSchema, ruleConditionsSchema, type RuleAction, type RuleConditions } from './schema';

/** A stored rule read back: its conditions and action, or null where they no longer parse (with the reason). */
export type ReadRule = { row: RuleRow; conditions: RuleConditions | null; action: RuleAction | null; invalid: string | null };

export function readRule(row: RuleRow): ReadRule {
  const conditions = ruleConditionsSchema.safeParse(row.conditions);
  const action = ruleActionSchema.safeParse(row.action);
  const issues = [conditions, action].flatMap((r) => (r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)));
  return {
    row,
    conditions: conditions.success ? conditions.data : null,
    action: action.success ? action.data : null,
    invalid: issues.length > 0 ? `Invalid rule: ${issues.join('; ')}` : null,
  };
}

/** A rule whose conditions hold for the answer, or one that could not be judged, with the error to keep on it. */
export type RuleStep = { rule: RuleRow; action: RuleAction } | { rule: RuleRow; error: string };

/**
 * The rules in the order they are tried, as far as the caller goes: each that matches the answer, and each
 * that is broken or throws on evaluation (so its error can be kept on the rule). The caller opens a case for
 * the first match it can act on and stops; a match it cannot act on (an assignee who left) it notes and
 * goes on. Rules after the one that opened a case are never judged, so their errors are not noted.
 */
export function* rulesInTurn(rules: readonly ReadRule[], facts: AnswerFacts): Generator<RuleStep> {
  for (const rule of rules) {
    if (rule.invalid !== null || !rule.conditions || !rule.action) {
      yield { rule: rule.row, error: rule.invalid ?? 'Invalid rule' };
      continue;
    }
    let matches: boolean;
    try {
      matches = ruleMatches(rule.conditions, facts);
    } catch (err) {
      yield { rule: rule.row, error: `Could not evaluate the rule: ${err instanceof Error ? err.message : String(err)}` };
      continue;
    }
    if (matches) yield { rule: rule.row, action: rule.action };
  }
}
