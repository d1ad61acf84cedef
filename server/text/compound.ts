// VADER's normalization of a summed valence into [-1, 1]: x / sqrt(x² + α). With α = 15 one
// clearly positive word (+2) gives about 0.46 and the score saturates smoothly as evidence adds up.
const ALPHA = 15;

export function compound(sum: number): number {
  if (!Number.isFinite(sum) || sum === 0) return 0;
  const value = sum / Math.sqrt(sum * sum + ALPHA);
  return Math.max(-1, Math.min(1, value));
}
