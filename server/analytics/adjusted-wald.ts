// The adjusted-Wald estimate of NPS, the basis of both our confidence interval and our two-period test.
//
// Method: Rocks, B. (2016) "Interval Estimation for the 'Net Promoter Score'", The American Statistician
// 70(4), 365–372, which found it the best of six interval methods; adopted by Sauro & Lewis at MeasuringU
// ("Confidence Intervals for Net Promoter Scores", measuringu.com/nps-confidence-intervals/, and
// "Evaluating NPS Confidence Intervals with Real-World Data", measuringu.com/nps-three-confidence-intervals/).
// Recipe: add 3/4 of a promoter and 3/4 of a detractor and grow n by 3 (the remaining 1.5 pseudo-answers
// are passives, as in Rocks' R package NPS: pseudo-observations 0.75 / 1.5 / 0.75). Then treat NPS as
// the difference of two proportions from one trinomial sample:
//   Var = p + d − (p − d)²  (per answer),  SE = √(Var / n_adj).
// Plain Wald (no pseudo-answers) collapses to a zero-width interval when every answer is in one
// category and under-covers badly below ~30 answers; the pseudo-answers fix both.

import type { CategoryCounts } from './nps';

const PSEUDO_PROMOTERS = 0.75;
const PSEUDO_DETRACTORS = 0.75;
const PSEUDO_ANSWERS = 3;

/** NPS on the −1..1 scale after the adjustment, with the variance of one answer and the adjusted n. */
export type AdjustedNps = { nps: number; variance: number; n: number };

export function adjustedWaldNps(counts: CategoryCounts): AdjustedNps {
  const n = counts.promoters + counts.passives + counts.detractors + PSEUDO_ANSWERS;
  const p = (counts.promoters + PSEUDO_PROMOTERS) / n;
  const d = (counts.detractors + PSEUDO_DETRACTORS) / n;
  // Always > 0: p and d are both at least 0.75 / n and p + d < 1, so the standard error never vanishes.
  const variance = p + d - (p - d) ** 2;
  return { nps: p - d, variance, n };
}

/** Standard error of the adjusted NPS, on the −1..1 scale. */
export function adjustedStandardError(estimate: AdjustedNps): number {
  return Math.sqrt(estimate.variance / estimate.n);
}
