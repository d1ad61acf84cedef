// Is the change in NPS between two periods real, or sampling noise? /v1/metrics/nps/compare answers with
// an interval for the difference and a p-value.
//
// Method: the two-sample adjusted-Wald test of Sauro & Lewis, MeasuringU, "How to Statistically Compare
// Two Net Promoter Scores" (measuringu.com/nps-significance-test/), evaluated on real data in "Evaluating
// NPS Significance Tests with Real-World Data" (measuringu.com/nps-three-significance-tests/); it is also
// the two-sample test of Rocks' R package NPS. Adjust each period as for its confidence interval
// (+3/4 promoter, +3/4 detractor, n + 3; see adjusted-wald.ts), then with independent samples
//   SE(diff) = √(Var₁/n₁ + Var₂/n₂),  z = (NPS₁ − NPS₂) / SE(diff),  p = P(|Z| ≥ |z|),
// and the 95% interval for the difference is (NPS₁ − NPS₂) ± 1.96·SE(diff), all on the adjusted values.

import { adjustedStandardError, adjustedWaldNps } from './adjusted-wald';
import { twoSidedPValue, Z_95 } from './normal';
import { summarizeNps, type CategoryCounts, type NpsSummary } from './nps';
import { roundToTenth } from './round';

export type NpsComparison = {
  current: NpsSummary;
  previous: NpsSummary;
  /** current.nps − previous.nps in points (observed, from unrounded scores), one decimal; null if either side is empty. */
  difference: number | null;
  /** 95% interval for the difference in points, clamped to [−200, 200], one decimal. */
  differenceCi95: { low: number; high: number } | null;
  /** Two-sided p-value of the adjusted-Wald z-test; unrounded (relative precision about 1e-7). */
  pValue: number | null;
  /** pValue < 0.05. */
  significant: boolean | null;
};

const SIGNIFICANCE_LEVEL = 0.05;

export function compareNps(current: CategoryCounts, previous: CategoryCounts): NpsComparison {
  const currentSummary = summarizeNps(current);
  const previousSummary = summarizeNps(previous);
  if (currentSummary.n === 0 || previousSummary.n === 0) {
    return {
      current: currentSummary, previous: previousSummary,
      difference: null, differenceCi95: null, pValue: null, significant: null,
    };
  }

  const a = adjustedWaldNps(current);
  const b = adjustedWaldNps(previous);
  const adjustedDifference = a.nps - b.nps;
  const standardError = Math.hypot(adjustedStandardError(a), adjustedStandardError(b));
  const margin = Z_95 * standardError;
  const pValue = twoSidedPValue(adjustedDifference / standardError);

  return {
    current: currentSummary,
    previous: previousSummary,
    // The headline difference is the one users can check against the two scores they see; the interval
    // and test use the adjusted scores, as the method prescribes (at n in the hundreds the two agree).
    difference: roundToTenth(observedNps(current) - observedNps(previous)),
    differenceCi95: {
      low: roundToTenth(Math.max(-200, 100 * (adjustedDifference - margin))),
      high: roundToTenth(Math.min(200, 100 * (adjustedDifference + margin))),
    },
    pValue,
    significant: pValue < SIGNIFICANCE_LEVEL,
  };
}

function observedNps(counts: CategoryCounts): number {
  const n = counts.promoters + counts.passives + counts.detractors;
  return (100 * (counts.promoters - counts.detractors)) / n;
}
