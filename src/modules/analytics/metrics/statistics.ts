import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** A proportion's confidence interval, both ends in [0, 1]. */
export interface Interval {
  low: number;
  high: number;
}

export interface ProportionTest {
  /** The z statistic, (p1 - p2) / pooled standard error. */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
}

/** z for a two-sided interval at `confidence` (1.959963984540054 for 0.95). */
export const zForConfidence = (confidence: number): number => normalQuantile(1 - (1 - confidence) / 2, 0, 1);

/**
 * Wilson score interval for `successes` out of `trials` (metrics.md: each
 * variant's ctr gets a 95% one). Null when there are no trials.
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval | null {
  if (trials <= 0) return null;
  const z = zForConfidence(confidence);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const halfWidth = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials));
  return { low: Math.max(0, centre - halfWidth), high: Math.min(1, centre + halfWidth) };
}

/**
 * Two-sided two-proportion z-test with pooled variance. Null when either
 * group is empty or the pooled proportion is 0 or 1 (no variance: the test
 * says nothing, rather than "p = 1").
 */
export function twoProportionZTest(successes1: number, trials1: number, successes2: number, trials2: number): ProportionTest | null {
  if (trials1 <= 0 || trials2 <= 0) return null;
  const pooled = (successes1 + successes2) / (trials1 + trials2);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / trials1 + 1 / trials2));
  if (standardError === 0) return null;
  const z = (successes1 / trials1 - successes2 / trials2) / standardError;
  // 2 * Phi(-|z|) rather than 2 * (1 - Phi(|z|)): keeps its precision for large |z|.
  return { z, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1)) };
}

/**
 * Phi coefficient of the 2x2 table [[a, b], [c, d]]: rows are one yes/no
 * variable, columns the other. Null when any row or column total is 0.
 */
export function phiCoefficient(a: number, b: number, c: number, d: number): number | null {
  const totals = [a + b, c + d, a + c, b + d];
  if (totals.some((total) => total === 0)) return null;
  return (a * d - b * c) / Math.sqrt(totals.reduce((product, total) => product * total, 1));
}

/** numerator / denominator, or null when the denominator is 0 (metrics.md: never 0 or NaN). */
export const ratio = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);
