// One rounding rule for every figure the API shows (NPS points, percentages, interval bounds).

/**
 * Rounds to one decimal, halves away from zero so that -12.25 and 12.25 round alike; never returns -0.
 * The detour through 15 significant digits drops binary noise first, so a share that is exactly
 * x.x5 on paper (3 of 2000 = 0.15%) rounds as it would by hand rather than by its float representation.
 */
export function roundToTenth(value: number): number {
  const tenths = Number((Math.abs(value) * 10).toPrecision(15));
  const rounded = (Math.sign(value) * Math.round(tenths)) / 10;
  return rounded === 0 ? 0 : rounded;
}
