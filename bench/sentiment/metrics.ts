// The benchmark protocol of ../shared/bench-data/README.md, as plain functions.
export type Polarity = 'positive' | 'negative' | 'neutral';

export function classOf(value: number): Polarity {
  if (value > 0.05) return 'positive';
  if (value < -0.05) return 'negative';
  return 'neutral';
}

export interface PolarScores { precision: number; recall: number; f1: number }

/** Micro-averaged precision/recall/F1 over the two polar classes. */
export function polarScores(predicted: Polarity[], gold: Polarity[]): PolarScores {
  let hits = 0;
  let predictedPolar = 0;
  let goldPolar = 0;
  predicted.forEach((p, i) => {
    const g = gold[i];
    if (p !== 'neutral') predictedPolar++;
    if (g !== 'neutral') goldPolar++;
    if (p !== 'neutral' && p === g) hits++;
  });
  const precision = predictedPolar ? hits / predictedPolar : 0;
  const recall = goldPolar ? hits / goldPolar : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

export function pearson(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx && syy ? sxy / Math.sqrt(sxx * syy) : 0;
}

export function accuracy(predicted: Polarity[], gold: Polarity[]): number {
  return predicted.filter((p, i) => p === gold[i]).length / predicted.length;
}

export function macroF1(predicted: Polarity[], gold: Polarity[]): number {
  const classes: Polarity[] = ['positive', 'negative', 'neutral'];
  const f1s = classes.map((c) => {
    const tp = predicted.filter((p, i) => p === c && gold[i] === c).length;
    const fp = predicted.filter((p, i) => p === c && gold[i] !== c).length;
    const fn = predicted.filter((p, i) => p !== c && gold[i] === c).length;
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  });
  return f1s.reduce((a, b) => a + b, 0) / f1s.length;
}
