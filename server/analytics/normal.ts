// The standard normal distribution, just enough of it for 95% intervals and two-sided z-tests.

/** z such that P(|Z| <= z) = 0.95 for a standard normal Z (qnorm(0.975) to double precision). */
export const Z_95 = 1.959963984540054;

/**
 * Complementary error function, erfc(x) = 1 - erf(x).
 *
 * Chebyshev fit from Press, Teukolsky, Vetterling & Flannery, "Numerical Recipes in C", 2nd ed., §6.2
 * (routine erfcc): fractional error below 1.2e-7 everywhere. We want it over the textbook
 * Abramowitz & Stegun 7.1.26 (absolute error 1.5e-7) because our p-values are tail areas: an absolute
 * error of 1e-7 would make every p-value under about 1e-6 meaningless, a relative one keeps them honest.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t * (1.00002368 +
    t * (0.37409196 +
    t * (0.09678418 +
    t * (-0.18628806 +
    t * (0.27886807 +
    t * (-1.13520398 +
    t * (1.48851587 +
    t * (-0.82215223 +
    t * 0.17087277))))))));
  const value = t * Math.exp(-z * z + poly);
  return x >= 0 ? value : 2 - value;
}

/** P(|Z| >= |z|) for a standard normal Z: the p-value of a two-sided z-test. */
export function twoSidedPValue(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('z must be a number');
  // P(|Z| >= z) = erfc(z / sqrt 2), computed directly so that small p-values keep their precision.
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}
