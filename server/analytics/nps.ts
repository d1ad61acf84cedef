// Net Promoter Score of a set of answers: the figures /v1/metrics/nps returns, from category counts alone,
// so the database only has to count.

import { adjustedStandardError, adjustedWaldNps } from './adjusted-wald';
import { Z_95 } from './normal';
import { roundToTenth } from './round';

export type CategoryCounts = { promoters: number; passives: number; detractors: number };

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

export type NpsSummary = {
  /** Points, −100..100, one decimal; null when there are no answers. */
  nps: number | null;
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** 0..100, one decimal; null when there are no answers. */
  promoterPct: number | null;
  passivePct: number | null;
  detractorPct: number | null;
  /** 95% adjusted-Wald interval in points, clamped to [−100, 100], one decimal; null when there are no answers. */
  ci95: { low: number; high: number } | null;
};

/** Standard NPS bands on the 0–10 likelihood-to-recommend scale: 9–10 promote, 7–8 are passive, 0–6 detract. */
export function categorize(score: number): NpsCategory {
  if (!Number.isInteger(score) || score < 0 || score > 10) {
    throw new RangeError(`score must be an integer from 0 to 10, got ${score}`);
  }
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

export function assertValidCounts(counts: CategoryCounts): void {
  for (const key of ['promoters', 'passives', 'detractors'] as const) {
    const value = counts[key];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${key} must be a non-negative integer, got ${value}`);
    }
  }
}

const percentOf = (part: number, n: number) => roundToTenth((100 * part) / n);

export function summarizeNps(counts: CategoryCounts): NpsSummary {
  assertValidCounts(counts);
  const { promoters, passives, detractors } = counts;
  const n = promoters + passives + detractors;
  if (n === 0) {
    return {
      nps: null, n, promoters, passives, detractors,
      promoterPct: null, passivePct: null, detractorPct: null, ci95: null,
    };
  }

  const estimate = adjustedWaldNps(counts);
  const margin = Z_95 * adjustedStandardError(estimate);
  // The interval is centred on the adjusted NPS, not the observed one: that pull towards zero is what gives
  // it honest coverage at small n (so with one promoter the interval is about −48..98, not a point at 100).
  // Near the ends of the scale a bound can still pass ±100, so it is clamped to the range NPS can take.
  const ci95 = {
    low: roundToTenth(Math.max(-100, 100 * (estimate.nps - margin))),
    high: roundToTenth(Math.min(100, 100 * (estimate.nps + margin))),
  };

  return {
    nps: roundToTenth((100 * (promoters - detractors)) / n),
    n, promoters, passives, detractors,
    promoterPct: percentOf(promoters, n),
    passivePct: percentOf(passives, n),
    detractorPct: percentOf(detractors, n),
    ci95,
  };
}
