import { describe, expect, it } from 'vitest';
import { compareNps } from '../../server/analytics/compare';
import { summarizeNps } from '../../server/analytics/nps';

// Two-sample adjusted-Wald test (Sauro & Lewis, MeasuringU, "How to Statistically Compare Two Net
// Promoter Scores"), by hand: adjust each side as for its interval (n' = n + 3, +0.75 promoter,
// +0.75 detractor), then SE = √(Var₁/n'₁ + Var₂/n'₂), z = (NPS'₁ − NPS'₂)/SE, p = 2·(1 − Φ(|z|)),
// CI = 100 · (NPS'₁ − NPS'₂ ± 1.959964 · SE). Reference p-values from scipy: 2 * norm.sf(|z|).

describe('compareNps', () => {
  it('finds a 35-point rise on 100 answers each significant', () => {
    // current 60/25/15: NPS' = 45/103 = 0.436893, Var = 61.5/103 − 0.190876 = 0.551843, Var/n' = 0.0053577
    // previous 40/30/30: NPS' = 10/103 = 0.097087, Var = 71.5/103 − 0.009426 = 0.684749, Var/n' = 0.0066481
    // SE = √(0.0053577 + 0.0066481) = 0.109571, diff' = 0.339806
    // z = 0.339806 / 0.109571 = 3.10125 → p = 0.00192708
    // CI = 33.9806 ± 1.959964 · 10.9571 = 33.9806 ± 21.4755 = [12.51, 55.46] → [12.5, 55.5]
    const result = compareNps(
      { promoters: 60, passives: 25, detractors: 15 },
      { promoters: 40, passives: 30, detractors: 30 },
    );
    expect(result.current).toEqual(summarizeNps({ promoters: 60, passives: 25, detractors: 15 }));
    expect(result.previous).toEqual(summarizeNps({ promoters: 40, passives: 30, detractors: 30 }));
    expect(result.difference).toBe(35);
    expect(result.differenceCi95).toEqual({ low: 12.5, high: 55.5 });
    expect(result.pValue).toBeCloseTo(0.0019270778, 8);
    expect(result.significant).toBe(true);
  });

  it('does not call a 15-point rise on 20 answers each significant', () => {
    // current 12/5/3: NPS' = 9/23 = 0.391304, Var = 16.5/23 − 0.153119 = 0.564272, Var/n' = 0.0245336
    // previous 10/6/4: NPS' = 6/23 = 0.260870, Var = 15.5/23 − 0.068053 = 0.605860, Var/n' = 0.0263418
    // SE = √(0.0245336 + 0.0263418) = 0.225556, diff' = 3/23 = 0.130435
    // z = 0.130435 / 0.225556 = 0.578282 → p = 0.563074
    // CI = 13.0435 ± 1.959964 · 22.5556 = 13.0435 ± 44.2081 = [−31.16, 57.25] → [−31.2, 57.3]
    const result = compareNps(
      { promoters: 12, passives: 5, detractors: 3 },
      { promoters: 10, passives: 6, detractors: 4 },
    );
    expect(result.difference).toBe(15);
    expect(result.differenceCi95).toEqual({ low: -31.2, high: 57.3 });
    expect(result.pValue).toBeCloseTo(0.5630736, 6);
    expect(result.significant).toBe(false);
  });

  it('reports a fall as a negative difference with the same p-value as the rise', () => {
    const rise = compareNps(
      { promoters: 60, passives: 25, detractors: 15 },
      { promoters: 40, passives: 30, detractors: 30 },
    );
    const fall = compareNps(
      { promoters: 40, passives: 30, detractors: 30 },
      { promoters: 60, passives: 25, detractors: 15 },
    );
    expect(fall.difference).toBe(-35);
    expect(fall.differenceCi95).toEqual({ low: -55.5, high: -12.5 });
    expect(fall.pValue).toBeCloseTo(rise.pValue!, 12);
    expect(fall.significant).toBe(true);
  });

  it('gives p = 1 for identical samples', () => {
    // Same counts on both sides: diff' = 0, z = 0, p = 1; CI symmetric around 0.
    const result = compareNps(
      { promoters: 30, passives: 40, detractors: 30 },
      { promoters: 30, passives: 40, detractors: 30 },
    );
    expect(result.difference).toBe(0);
    expect(result.pValue).toBeCloseTo(1, 6);
    expect(result.significant).toBe(false);
    expect(result.differenceCi95!.low).toBe(-result.differenceCi95!.high);
  });

  it('keeps the difference interval within ±200 at the extremes of the scale', () => {
    // One promoter against one detractor: diff' = 0.25 − (−0.25) = 0.5, SE = √(2 · 0.5625/4) = 0.530330
    // CI = 50 ± 1.959964 · 53.0330 = 50 ± 103.9428 = [−53.9, 153.9]: not clamped, and not significant.
    const result = compareNps(
      { promoters: 1, passives: 0, detractors: 0 },
      { promoters: 0, passives: 0, detractors: 1 },
    );
    expect(result.difference).toBe(200);
    expect(result.differenceCi95).toEqual({ low: -53.9, high: 153.9 });
    expect(result.significant).toBe(false);

    // 1000 promoters against 1000 detractors: NPS' = ±1000/1003 = ±0.997009, diff' = 1.994018,
    // Var = 1001.5/1003 − 0.994027 = 0.0044776 per side, SE = √(2 · 0.0044776/1003) = 0.0029880
    // CI = 199.4018 ± 1.959964 · 0.29880 = [198.82, 199.99] → [198.8, 200]; z = 667 underflows p to 0.
    const extreme = compareNps(
      { promoters: 1000, passives: 0, detractors: 0 },
      { promoters: 0, passives: 0, detractors: 1000 },
    );
    expect(extreme.difference).toBe(200);
    expect(extreme.differenceCi95).toEqual({ low: 198.8, high: 200 });
    expect(extreme.pValue).toBe(0);
    expect(extreme.significant).toBe(true);
  });

  it('leaves the comparison empty when either period has no answers', () => {
    const empty = { promoters: 0, passives: 0, detractors: 0 };
    const some = { promoters: 5, passives: 3, detractors: 2 };
    for (const [current, previous] of [[empty, some], [some, empty], [empty, empty]] as const) {
      const result = compareNps(current, previous);
      expect(result).toMatchObject({ difference: null, differenceCi95: null, pValue: null, significant: null });
      expect(result.current).toEqual(summarizeNps(current));
      expect(result.previous).toEqual(summarizeNps(previous));
    }
  });

  it('rejects invalid counts', () => {
    expect(() => compareNps({ promoters: -1, passives: 0, detractors: 0 }, { promoters: 1, passives: 0, detractors: 0 }))
      .toThrow(RangeError);
  });
});
