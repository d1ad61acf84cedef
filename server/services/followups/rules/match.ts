import type { RuleConditions } from './schema';

/** The facts about one answer that rules look at. */
export type AnswerFacts = {
  score: number;
  category: string;
  sentimentLabel: string | null;
  themes: string[];
  channel: string;
  language: string | null;
  traits: Record<string, unknown>;
};

export function ruleMatches(conditions: RuleConditions, answer: AnswerFacts): boolean {
  if (conditions.scoreMin !== undefined && answer.score < conditions.scoreMin) return false;
  if (conditions.scoreMax !== undefined && answer.score > conditions.scoreMax) return false;
  if (conditions.categories && !conditions.categories.includes(answer.category as never)) return false;
  if (conditions.sentimentLabels && !conditions.sentimentLabels.includes(answer.sentimentLabel as never)) return false;
  if (conditions.themes && !conditions.themes.some((theme) => answer.themes.includes(theme))) return false;
  if (conditions.channels && !conditions.channels.includes(answer.channel as never)) return false;
  if (conditions.languages && !conditions.languages.includes(answer.language ?? '')) return false;
  for (const [name, value] of Object.entries(conditions.traits ?? {})) {
    // Own traits only: a condition on "constructor" must not see Object.prototype's.
    if (!Object.hasOwn(answer.traits, name) || answer.traits[name] !== value) return false;
  }
  return true;
}
