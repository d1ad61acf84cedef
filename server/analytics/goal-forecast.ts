// Will NPS reach the goal by the end of its period? /v1/goals/:id answers with a probability, a projected
// score and its 80% range, from the answers counted so far and the rate at which they arrive.
//
// Method: the posterior predictive of a Dirichlet–multinomial model (Gelman, Carlin, Stern, Dunson, Vehtari &
// Rubin, "Bayesian Data Analysis", 3rd ed., 2013, §3.4 "Multinomial model for categorical data" and the
// Dirichlet–multinomial predictive). Each answer is a promoter, passive or detractor with shares θ = (θp, θa, θd);
//   prior      θ ~ Dirichlet(1, 1, 1)                         (uniform over every possible split)
//   posterior  θ | answers ~ Dirichlet(1 + P, 1 + A, 1 + D)   (P, A, D: the period's answers so far)
//   to come    M = round(n · remaining time / elapsed time)    (the period's answer rate so far, held constant)
//              (P', A', D') | θ ~ Multinomial(M, θ)
//   final NPS  100 · (P + P' − D − D') / (n + M)
// and probabilityOfReaching = P(final NPS, rounded to one decimal as shown, ≥ target). The predictive has no
// closed form for the NPS, so it is simulated: DRAWS draws of θ (three gamma variates each, Marsaglia & Tsang
// 2000) then of the answers to come (two binomials). The generator is seeded, so the same counts at the same
// moment always give the same figures. With DRAWS = 10,000 the Monte Carlo error of the probability is at most
// 0.005 (one standard error), and a forecast costs a few milliseconds of CPU (a Worker's budget allows it). The answer rate is treated as known: that understates the spread when it is
// estimated from a handful of answers early in the period, which the README says.

import { summarizeNps, assertValidCounts, type CategoryCounts } from './nps';
import { roundToTenth } from './round';

export const DRAWS = 10_000;
const SEED = 0x4b495a55; // "KIZU": any fixed value; fixed so the forecast is reproducible.

export type GoalPeriod = { from: Date; to: Date; now: Date };

export type GoalForecast = {
  status: 'upcoming' | 'active' | 'finished';
  current: { nps: number | null; n: number; ci95: { low: number; high: number } | null };
  /** Answers counted so far plus those the rate so far projects by the end; null before the first answer. */
  expectedAnswersByEnd: number | null;
  /** Median of the simulated final NPS and its 10th–90th percentiles; null without an answer to go by. */
  projected: { nps: number; ci80: { low: number; high: number } } | null;
  /** 0..1 (three decimals); exactly 0 or 1 once the period is over; null without an answer to go by. */
  probabilityOfReaching: number | null;
};

/** How many more answers the period is expected to get, at the rate it has had so far. */
export function expectedRemainingAnswers(n: number, period: GoalPeriod): number {
  const elapsed = Math.min(period.now.getTime(), period.to.getTime()) - period.from.getTime();
  const remaining = period.to.getTime() - Math.max(period.now.getTime(), period.from.getTime());
  if (elapsed <= 0 || remaining <= 0 || n === 0) return 0;
  return Math.round((n * remaining) / elapsed);
}

export function forecastGoal(counts: CategoryCounts, target: number, period: GoalPeriod, draws = DRAWS): GoalForecast {
  assertValidCounts(counts);
  const summary = summarizeNps(counts);
  const current = { nps: summary.nps, n: summary.n, ci95: summary.ci95 };
  const status = period.now.getTime() < period.from.getTime() ? 'upcoming' : period.now.getTime() >= period.to.getTime() ? 'finished' : 'active';
  if (summary.n === 0) {
    // Nothing to go by: no rate, no split. Saying 0 % (or the prior's guess) would not be honest.
    return { status, current, expectedAnswersByEnd: null, projected: null, probabilityOfReaching: null };
  }
  const toCome = status === 'finished' ? 0 : expectedRemainingAnswers(summary.n, period);
  if (toCome === 0) {
    const reached = summary.nps! >= target;
    return {
      status, current, expectedAnswersByEnd: summary.n,
      projected: { nps: summary.nps!, ci80: { low: summary.nps!, high: summary.nps! } },
      probabilityOfReaching: reached ? 1 : 0,
    };
  }
  const finals = simulateFinalNps(counts, toCome, draws);
  // The final score as shown is reached once it is at least this (finals are multiples of 100 / total answers).
  const threshold = lowestReachingScore(summary.n + toCome, target);
  let reached = 0;
  for (const value of finals) if (value >= threshold) reached++;
  finals.sort();
  return {
    status,
    current,
    expectedAnswersByEnd: summary.n + toCome,
    projected: {
      nps: roundToTenth(quantile(finals, 0.5)),
      ci80: { low: roundToTenth(quantile(finals, 0.1)), high: roundToTenth(quantile(finals, 0.9)) },
    },
    probabilityOfReaching: Math.round((1000 * reached) / finals.length) / 1000,
  };
}

/** Draws of the final NPS (points, unrounded) from the posterior predictive described at the top. */
export function simulateFinalNps(counts: CategoryCounts, toCome: number, draws = DRAWS, seed = SEED): Float64Array {
  const random = mulberry32(seed);
  const normal = normalFrom(random);
  const total = counts.promoters + counts.passives + counts.detractors + toCome;
  const finals = new Float64Array(draws);
  for (let i = 0; i < draws; i++) {
    const gp = gamma(1 + counts.promoters, random, normal);
    const ga = gamma(1 + counts.passives, random, normal);
    const gd = gamma(1 + counts.detractors, random, normal);
    const sum = gp + ga + gd;
    const shareP = gp / sum;
    const shareD = gd / sum;
    const newPromoters = binomial(toCome, shareP, random, normal);
    // Given the promoters, each other answer is a detractor with probability θd / (1 − θp).
    const newDetractors = binomial(toCome - newPromoters, shareP < 1 ? Math.min(1, shareD / (1 - shareP)) : 0, random, normal);
    finals[i] = (100 * (counts.promoters + newPromoters - counts.detractors - newDetractors)) / total;
  }
  return finals;
}

/**
 * The lowest final NPS with `total` answers that reaches the target once rounded to one decimal, as the API
 * shows it (Infinity when none does). Finals are 100·k/total for an integer k in −total..total, and rounding
 * keeps their order, so a binary search over k finds it without rounding each of the draws.
 */
export function lowestReachingScore(total: number, target: number): number {
  const score = (k: number) => (100 * k) / total;
  if (roundToTenth(score(total)) < target) return Infinity;
  let low = -total;
  let high = total;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (roundToTenth(score(middle)) >= target) high = middle;
    else low = middle + 1;
  }
  return score(low);
}

/** Linear interpolation between order statistics (R's type 7); `sorted` ascending. */
function quantile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

/** mulberry32 (Tommy Ettinger, public domain): a small, fast 32-bit generator; uniform on [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal variates by the Box–Muller transform. */
function normalFrom(random: () => number): () => number {
  return () => {
    const u = 1 - random(); // (0, 1]: log(0) would be −∞
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

/**
 * Gamma(shape, 1) for shape ≥ 1: Marsaglia & Tsang (2000), "A Simple Method for Generating Gamma Variables",
 * ACM Transactions on Mathematical Software 26(3), 363–372. Our shapes are counts + 1, never below 1.
 */
function gamma(shape: number, random: () => number, normal: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Below this variance a binomial is drawn exactly (by inversion); above it the normal approximation is within rounding. */
const EXACT_BINOMIAL_VARIANCE = 25;

/**
 * Binomial(n, q). Exactly by inversion of the cumulative distribution when n·q·(1 − q) is small (the walk takes
 * about n·min(q, 1 − q) steps); otherwise the normal approximation with continuity correction, whose error at
 * that variance is well under the spread θ's own uncertainty adds.
 */
function binomial(n: number, q: number, random: () => number, normal: () => number): number {
  if (n === 0 || q <= 0) return 0;
  if (q >= 1) return n;
  if (n * q * (1 - q) > EXACT_BINOMIAL_VARIANCE) {
    const draw = Math.round(n * q + Math.sqrt(n * q * (1 - q)) * normal());
    return Math.min(n, Math.max(0, draw));
  }
  if (q > 0.5) return n - binomial(n, 1 - q, random, normal);
  const odds = q / (1 - q);
  let k = 0;
  let probability = (1 - q) ** n;
  let cumulative = probability;
  const u = random();
  while (u > cumulative && k < n) {
    probability *= ((n - k) / (k + 1)) * odds;
    k++;
    cumulative += probability;
  }
  return k;
}
