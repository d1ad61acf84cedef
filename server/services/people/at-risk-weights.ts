// Who is at risk, and how much each reason counts: the one place these numbers live. The API returns both
// tables with every list (`weights`, `thresholds`) so that a score is always explained by the reasons beside
// it: score = the sum of the weights of the reasons present. They are the same for every project: a project
// has no settings storage for them yet (per-project weights would need a migration).

export const AT_RISK_REASONS = ['detractor', 'overdue_followup', 'unanswered_followup', 'score_drop', 'negative_comment'] as const;
export type AtRiskReasonCode = (typeof AT_RISK_REASONS)[number];

/** Distinct weights, so that the order says which reasons weigh most: a detractor outranks a drop from 10 to 7. */
export const AT_RISK_WEIGHTS: Readonly<Record<AtRiskReasonCode, number>> = Object.freeze({
  detractor: 40,
  overdue_followup: 30,
  unanswered_followup: 25,
  score_drop: 20,
  negative_comment: 15,
});

export const AT_RISK_THRESHOLDS = Object.freeze({
  /** `detractor`: the latest answer scores this or less (the NPS detractor band). */
  detractorMaxScore: 6,
  /** `score_drop`: the latest answer is at least this many points below the one before it. */
  scoreDropMin: 3,
  /** `negative_comment`: the latest answer's comment has a sentiment below this (scores run from -1 to 1;
   * the "negative" label starts at -0.05, so this asks for clearly negative words, not a shrug). */
  negativeSentimentBelow: -0.3,
  /** `unanswered_followup`: a detractor's open case has had no reply to the customer for this many days. */
  unansweredDays: 3,
});
