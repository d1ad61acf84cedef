import { describe, expect, it } from 'vitest';
import { categorize, summarizeNps } from '../../server/analytics/nps';

// Adjusted-Wald (Rocks 2016; Sauro & Lewis, MeasuringU), by hand:
//   n' = n + 3,  p' = (P + 0.75) / n',  d' = (D + 0.75) / n',  NPS' = p' − d',
//   Var = p' + d' − NPS'²,  SE = √(Var / n'),  CI = 100 · (NPS' ± 1.959964 · SE), clamped to [−100, 100].

describe('categorize', () => {
  it('puts 9–10 in promoters, 7–8 in passives and 0–6 in detractors', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(categorize)).toEqual([
      'detractor', 'detractor', 'detractor', 'detractor', 'detractor', 'detractor', 'detractor',
      'passive', 'passive', 'promoter', 'promoter',
    ]);
  });

  it.each([-1, 11, 7.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %s', (score) => {
    expect(() => categorize(score)).toThrow(RangeError);
  });
});

describe('summarizeNps', () => {
  it('computes a typical sample', () => {
    // 50 promoters, 30 passives, 20 detractors: NPS = 50% − 20% = 30.
    // n' = 103, p' = 50.75/103 = 0.492718, d' = 20.75/103 = 0.201456, NPS' = 30/103 = 0.291262
    // Var = 0.694175 − 0.084834 = 0.609341, SE = √(0.609341/103) = 0.076915
    // CI = 29.1262 ± 1.959964 · 7.6915 = 29.1262 ± 15.0751 = [14.05, 44.20] → [14.1, 44.2]
    expect(summarizeNps({ promoters: 50, passives: 30, detractors: 20 })).toEqual({
      nps: 30, n: 100, promoters: 50, passives: 30, detractors: 20,
      promoterPct: 50, passivePct: 30, detractorPct: 20,
      ci95: { low: 14.1, high: 44.2 },
    });
  });

  it('rounds percentages and NPS to one decimal', () => {
    // 2 / 3 / 1 of 6: 33.33% / 50% / 16.67%, NPS = 100 · (2 − 1) / 6 = 16.67 → 16.7
    // n' = 9, p' = 2.75/9 = 0.305556, d' = 1.75/9 = 0.194444, NPS' = 1/9 = 0.111111
    // Var = 0.5 − 0.012346 = 0.487654, SE = √(0.487654/9) = 0.232776
    // CI = 11.1111 ± 1.959964 · 23.2776 = 11.1111 ± 45.6233 = [−34.51, 56.73] → [−34.5, 56.7]
    expect(summarizeNps({ promoters: 2, passives: 3, detractors: 1 })).toEqual({
      nps: 16.7, n: 6, promoters: 2, passives: 3, detractors: 1,
      promoterPct: 33.3, passivePct: 50, detractorPct: 16.7,
      ci95: { low: -34.5, high: 56.7 },
    });
  });

  it('returns nulls, not zeros or NaN, when there are no answers', () => {
    expect(summarizeNps({ promoters: 0, passives: 0, detractors: 0 })).toEqual({
      nps: null, n: 0, promoters: 0, passives: 0, detractors: 0,
      promoterPct: null, passivePct: null, detractorPct: null, ci95: null,
    });
  });

  it('gives a single promoter a wide interval rather than a point at 100', () => {
    // n' = 4, p' = 1.75/4 = 0.4375, d' = 0.75/4 = 0.1875, NPS' = 0.25
    // Var = 0.625 − 0.0625 = 0.5625, SE = √(0.5625/4) = 0.375
    // CI = 25 ± 1.959964 · 37.5 = 25 ± 73.4986 = [−48.5, 98.5]
    const summary = summarizeNps({ promoters: 1, passives: 0, detractors: 0 });
    expect(summary.nps).toBe(100);
    expect(summary.ci95).toEqual({ low: -48.5, high: 98.5 });
  });

  it('mirrors a single detractor', () => {
    // As above with the roles swapped: NPS' = −0.25, CI = −25 ± 73.4986 = [−98.5, 48.5]
    const summary = summarizeNps({ promoters: 0, passives: 0, detractors: 1 });
    expect(summary.nps).toBe(-100);
    expect(summary.ci95).toEqual({ low: -98.5, high: 48.5 });
  });

  it('keeps the interval of an all-promoter sample non-degenerate and within 100', () => {
    // 10 promoters: n' = 13, p' = 10.75/13 = 0.826923, d' = 0.75/13 = 0.057692, NPS' = 10/13 = 0.769231
    // Var = 0.884615 − 0.591716 = 0.292899, SE = √(0.292899/13) = 0.150102
    // CI = 76.9231 ± 1.959964 · 15.0102 = 76.9231 ± 29.4195 = [47.50, 106.34] → high clamped to 100
    const summary = summarizeNps({ promoters: 10, passives: 0, detractors: 0 });
    expect(summary).toMatchObject({ nps: 100, promoterPct: 100, passivePct: 0, detractorPct: 0 });
    expect(summary.ci95).toEqual({ low: 47.5, high: 100 });
  });

  it('narrows the interval as answers accumulate', () => {
    const width = (n: number) => {
      const ci = summarizeNps({ promoters: n / 2, passives: n / 4, detractors: n / 4 }).ci95!;
      return ci.high - ci.low;
    };
    expect(width(40)).toBeGreaterThan(width(400));
    expect(width(400)).toBeGreaterThan(width(4000));
  });

  it.each([
    { promoters: -1, passives: 0, detractors: 0 },
    { promoters: 1.5, passives: 0, detractors: 0 },
    { promoters: 0, passives: Number.NaN, detractors: 0 },
    { promoters: 0, passives: 0, detractors: Number.POSITIVE_INFINITY },
  ])('rejects counts that are not non-negative integers: %o', (counts) => {
    expect(() => summarizeNps(counts)).toThrow(RangeError);
  });
});
