import { describe, expect, it } from 'vitest';
import { expectedRemainingAnswers, forecastGoal, lowestReachingScore, simulateFinalNps } from '../../server/analytics/goal-forecast';
import { roundToTenth } from '../../server/analytics/round';

const day = 86_400_000;
const from = new Date('2026-01-01T00:00:00.000Z');
const to = new Date('2026-04-01T00:00:00.000Z'); // 90 days
const halfway = new Date(from.getTime() + 45 * day);
const counts = (promoters: number, passives: number, detractors: number) => ({ promoters, passives, detractors });

/**
 * P(final NPS ≥ target) summed exactly over the Dirichlet–multinomial predictive, written independently of the
 * module: P(P' = i, A' = k, D' = j) = M!/(i! k! j!) · Γ(S)/Γ(S + M) · Γ(αp + i) Γ(αa + k) Γ(αd + j) / (Γ(αp) Γ(αa) Γ(αd)),
 * α = counts + 1, S = αp + αa + αd (Gelman et al., Bayesian Data Analysis, 3rd ed., the Dirichlet–multinomial).
 */
function exactProbability(c: ReturnType<typeof counts>, toCome: number, target: number): number {
  const [ap, aa, ad] = [c.promoters + 1, c.passives + 1, c.detractors + 1];
  const s = ap + aa + ad;
  const n = c.promoters + c.passives + c.detractors;
  let probability = 0;
  for (let i = 0; i <= toCome; i++) {
    for (let j = 0; i + j <= toCome; j++) {
      const k = toCome - i - j;
      const logPmf =
        logFactorial(toCome) - logFactorial(i) - logFactorial(j) - logFactorial(k) +
        logGamma(s) - logGamma(s + toCome) +
        logGamma(ap + i) - logGamma(ap) + logGamma(aa + k) - logGamma(aa) + logGamma(ad + j) - logGamma(ad);
      const final = (100 * (c.promoters + i - c.detractors - j)) / (n + toCome);
      if (roundToTenth(final) >= target) probability += Math.exp(logPmf);
    }
  }
  return probability;
}
// Integer and half-integer free: every argument above is a positive integer, so log Γ(x) = log (x − 1)!.
const logGamma = (x: number) => logFactorial(x - 1);
function logFactorial(x: number): number {
  let sum = 0;
  for (let i = 2; i <= x; i++) sum += Math.log(i);
  return sum;
}

describe('forecastGoal', () => {
  it('gives a goal far below a large, stable NPS a probability near 1', () => {
    // 1,000 answers at +50 halfway through; a target of +20 would need the next 1,000 answers at −10.
    const forecast = forecastGoal(counts(600, 300, 100), 20, { from, to, now: halfway });
    expect(forecast.status).toBe('active');
    expect(forecast.current).toMatchObject({ nps: 50, n: 1000 });
    expect(forecast.expectedAnswersByEnd).toBe(2000);
    expect(forecast.probabilityOfReaching).toBeGreaterThan(0.999);
    expect(forecast.projected!.nps).toBeCloseTo(50, -0.5);
  });

  it('gives a goal far above it a probability near 0', () => {
    const forecast = forecastGoal(counts(600, 300, 100), 80, { from, to, now: halfway });
    expect(forecast.probabilityOfReaching).toBeLessThan(0.001);
  });

  it('gives a goal at the current NPS, with many answers still to come, about even chances', () => {
    // +30 on 1,000 answers, a tenth of the way in: about 9,000 more to come.
    const now = new Date(from.getTime() + 9 * day);
    const forecast = forecastGoal(counts(500, 300, 200), 30, { from, to, now });
    expect(forecast.expectedAnswersByEnd).toBe(10_000);
    expect(forecast.probabilityOfReaching).toBeGreaterThan(0.45);
    expect(forecast.probabilityOfReaching).toBeLessThan(0.55);
    // The projected range straddles the target: the score could end either side of it.
    expect(forecast.projected!.ci80.low).toBeLessThan(30);
    expect(forecast.projected!.ci80.high).toBeGreaterThan(30);
  });

  it('gives a finished period exactly 0 or 1, by the final score as shown', () => {
    const period = { from, to, now: new Date(to.getTime() + day) };
    const reached = forecastGoal(counts(5, 3, 2), 30, period); // +30 exactly: reached
    expect(reached).toMatchObject({ status: 'finished', probabilityOfReaching: 1, expectedAnswersByEnd: 10 });
    expect(reached.projected).toEqual({ nps: 30, ci80: { low: 30, high: 30 } });
    expect(forecastGoal(counts(5, 3, 2), 30.1, period).probabilityOfReaching).toBe(0);
  });

  it('says nothing rather than guess before the first answer', () => {
    const upcoming = forecastGoal(counts(0, 0, 0), 30, { from, to, now: new Date(from.getTime() - day) });
    expect(upcoming).toMatchObject({ status: 'upcoming', expectedAnswersByEnd: null, projected: null, probabilityOfReaching: null });
    expect(forecastGoal(counts(0, 0, 0), 30, { from, to, now: halfway }).probabilityOfReaching).toBeNull();
  });

  it('is deterministic: the same counts at the same moment give the same figures', () => {
    const period = { from, to, now: halfway };
    expect(forecastGoal(counts(40, 30, 30), 15, period)).toEqual(forecastGoal(counts(40, 30, 30), 15, period));
  });

  it('matches a figure computed by hand: one promoter, one answer to come', () => {
    // Posterior Dirichlet(2, 1, 1): the next answer is a promoter with probability 2/4, passive 1/4, detractor 1/4,
    // making the final NPS (of two answers) 100, 50 or 0. P(final ≥ 50) = 3/4; P(final ≥ 100) = 1/2.
    const now = new Date(from.getTime() + 45 * day); // one answer in half the period: one more to come
    expect(forecastGoal(counts(1, 0, 0), 50, { from, to, now }).probabilityOfReaching).toBeCloseTo(0.75, 1.5);
    expect(forecastGoal(counts(1, 0, 0), 100, { from, to, now }).probabilityOfReaching).toBeCloseTo(0.5, 1.5);
    expect(exactProbability(counts(1, 0, 0), 1, 50)).toBeCloseTo(0.75, 12);
  });

  it('agrees with the exact Dirichlet–multinomial sum within Monte Carlo error', () => {
    // 3 standard errors of a 10,000-draw proportion is at most 0.015.
    const cases = [
      { c: counts(12, 5, 3), toCome: 20, target: 40 },
      { c: counts(4, 3, 3), toCome: 30, target: 10 },
      { c: counts(30, 40, 30), toCome: 150, target: 5 }, // binomials past the exact-draw variance: normal approximation
      { c: counts(2, 0, 8), toCome: 60, target: -50 },
    ];
    for (const { c, toCome, target } of cases) {
      const finals = simulateFinalNps(c, toCome);
      const simulated = finals.filter((value) => roundToTenth(value) >= target).length / finals.length;
      expect(Math.abs(simulated - exactProbability(c, toCome, target))).toBeLessThan(0.015);
    }
  });
});

describe('expectedRemainingAnswers', () => {
  it('projects the rate so far over the rest of the period', () => {
    expect(expectedRemainingAnswers(100, { from, to, now: new Date(from.getTime() + 30 * day) })).toBe(200);
    expect(expectedRemainingAnswers(100, { from, to, now: to })).toBe(0);
    expect(expectedRemainingAnswers(0, { from, to, now: halfway })).toBe(0);
  });
});

describe('lowestReachingScore', () => {
  it('is the lowest final score that rounds to the target or above', () => {
    // With 3 answers the finals are multiples of 33.33…: 33.3 does not reach 33.4, 66.7 does.
    expect(lowestReachingScore(3, 33.4)).toBeCloseTo(66.667, 2);
    expect(lowestReachingScore(3, 33.3)).toBeCloseTo(33.333, 2);
    // 2000 answers: 0.05 rounds to 0.1, so k = 1 (0.05 points) reaches 0.1.
    expect(lowestReachingScore(2000, 0.1)).toBe(0.05);
    expect(lowestReachingScore(10, 100.1)).toBe(Infinity);
    expect(lowestReachingScore(10, -100)).toBe(-100);
  });
});
