import { phiCoefficient, ratio, twoProportionZTest, wilsonInterval, zForConfidence } from './statistics.js';

describe('wilsonInterval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3 (score, no correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i matches Newcombe: %f to %f', (successes, trials, low, high) => {
    const interval = wilsonInterval(successes, trials)!;
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it('stays inside [0, 1] at both extremes and is null without trials', () => {
    expect(wilsonInterval(20, 20)).toEqual({ low: expect.closeTo(0.8389, 4), high: 1 });
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('twoProportionZTest', () => {
  it('uses z = 1.959964 for a 95% interval', () => {
    expect(zForConfidence(0.95)).toBeCloseTo(1.959964, 6);
  });

  it('matches the uncorrected chi-square test of the same 2x2 table (R: prop.test(c(120, 100), c(1000, 1000), correct = FALSE))', () => {
    // pooled p = 0.11, se = sqrt(0.11 * 0.89 * 2/1000) = 0.0139929, z = 0.02 / se = 1.4293, p = 0.1529
    const test = twoProportionZTest(120, 1000, 100, 1000)!;
    expect(test.z).toBeCloseTo(1.429301, 5);
    expect(test.pValue).toBeCloseTo(0.152918, 5);
  });

  it('is two-sided: swapping the groups flips z and keeps the p-value', () => {
    const forward = twoProportionZTest(120, 1000, 100, 1000)!;
    const backward = twoProportionZTest(100, 1000, 120, 1000)!;
    expect(backward.z).toBeCloseTo(-forward.z, 12);
    expect(backward.pValue).toBeCloseTo(forward.pValue, 12);
  });

  it('keeps precision far in the tail', () => {
    const test = twoProportionZTest(500, 1000, 100, 1000)!;
    expect(test.pValue).toBeGreaterThan(0);
    expect(test.pValue).toBeLessThan(1e-50);
  });

  it('is null without data or without variance', () => {
    expect(twoProportionZTest(0, 0, 5, 10)).toBeNull();
    expect(twoProportionZTest(0, 10, 0, 10)).toBeNull();
    expect(twoProportionZTest(10, 10, 10, 10)).toBeNull();
  });
});

describe('phiCoefficient', () => {
  it('computes (ad - bc) / sqrt of the four margins', () => {
    // [[10, 20], [30, 40]]: (400 - 600) / sqrt(30 * 70 * 40 * 60) = -200 / 2244.99 = -0.0890871
    expect(phiCoefficient(10, 20, 30, 40)).toBeCloseTo(-0.0890871, 6);
    expect(phiCoefficient(5, 0, 0, 5)).toBe(1);
    expect(phiCoefficient(0, 5, 5, 0)).toBe(-1);
  });

  it('is null when a row or column total is 0', () => {
    expect(phiCoefficient(0, 0, 3, 4)).toBeNull();
    expect(phiCoefficient(0, 3, 0, 4)).toBeNull();
  });
});

describe('ratio', () => {
  it('is null, not 0 or NaN, over a zero denominator', () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
  });
});
