// How the goal forecast's probability is said on screen.

/**
 * The chance as a whole percentage. The simulation is good to about ±0.5 points, so a figure strictly between
 * 0 and 1 never reads as a certainty: it shows as 1% to 99%.
 */
export function chancePercent(probability: number): number {
  const points = Math.round(probability * 100);
  if (probability > 0 && probability < 1) return Math.min(99, Math.max(1, points));
  return points;
}
