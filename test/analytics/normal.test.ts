import { describe, expect, it } from 'vitest';
import { erfc, twoSidedPValue, Z_95 } from '../../server/analytics/normal';

// Reference values from scipy.stats.norm (2 * norm.sf(z)) and scipy.special.erfc.
const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / expected;

describe('twoSidedPValue', () => {
  it('is 0.05 at the 95% critical value', () => {
    expect(relativeError(twoSidedPValue(Z_95), 0.05)).toBeLessThan(1.2e-7);
  });

  it.each([
    [0, 1],
    [1, 0.31731050786291415],
    [3, 0.0026997960632601866],
    [6, 1.973175290075389e-9],
    [10, 1.5239706048320995e-23],
  ])('keeps relative precision in the tail: z = %d', (z, expected) => {
    expect(relativeError(twoSidedPValue(z), expected)).toBeLessThan(1.2e-7);
    expect(relativeError(twoSidedPValue(-z), expected)).toBeLessThan(1.2e-7);
  });

  it('rejects NaN', () => {
    expect(() => twoSidedPValue(Number.NaN)).toThrow(RangeError);
  });
});

describe('erfc', () => {
  it('covers negative arguments through erfc(−x) = 2 − erfc(x)', () => {
    // erfc(−1) = 1.8427007929497148
    expect(relativeError(erfc(-1), 1.8427007929497148)).toBeLessThan(1.2e-7);
  });
});
