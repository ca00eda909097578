import { holdoutLiftOf } from './holdout-lift.js';

describe('holdoutLiftOf', () => {
  it('compares each variant with the holdout: rates, lift, the pooled z-test, revenue per recipient', () => {
    // 120/1000 converted after the message, 80/1000 without it: X-squared = 8.8889, p = 0.002869 (R: prop.test(c(120,80), c(1000,1000), correct=FALSE)).
    const lift = holdoutLiftOf({ recipients: 1000, converters: 80, revenueTenThousandths: 40_000_000 }, [
      { variant: 'A', recipients: 1000, converters: 120, revenueTenThousandths: 90_000_000 },
    ]);
    expect(lift.conversionRate).toBe(0.08);
    expect(lift.revenuePerRecipient).toBe(4);
    const [a] = lift.variants;
    expect(a.conversionRate).toBe(0.12);
    expect(a.conversionRateDifference).toBeCloseTo(0.04, 12);
    expect(a.lift).toBeCloseTo(0.5, 12);
    expect(a.pValue).toBeCloseTo(0.002869, 5);
    expect(a.significant).toBe(true);
    expect(a.revenuePerRecipient).toBe(9);
    expect(a.revenuePerRecipientDifference).toBe(5);
    expect(a.incrementalConverters).toBeCloseTo(40, 9);
    expect(a.incrementalRevenue).toBe(5000);
  });

  it('says "not significant" for a small lead on small groups, and negative lift plainly', () => {
    const lift = holdoutLiftOf({ recipients: 50, converters: 4, revenueTenThousandths: 0 }, [
      { variant: 'A', recipients: 500, converters: 45, revenueTenThousandths: 0 },
      { variant: 'B', recipients: 500, converters: 30, revenueTenThousandths: 0 },
    ]);
    expect(lift.variants[0].significant).toBe(false);
    expect(lift.variants[0].lift).toBeCloseTo(0.125, 12);
    expect(lift.variants[1].lift).toBeCloseTo(-0.25, 12);
  });

  it('gives null rates and lift where a denominator is 0, never NaN', () => {
    const empty = holdoutLiftOf({ recipients: 0, converters: 0, revenueTenThousandths: 0 }, [{ variant: 'A', recipients: 10, converters: 1, revenueTenThousandths: 10_000 }]);
    expect(empty.conversionRate).toBeNull();
    expect(empty.variants[0]).toMatchObject({ conversionRate: 0.1, lift: null, conversionRateDifference: null, pValue: null, significant: false, incrementalRevenue: null });
    const noConversions = holdoutLiftOf({ recipients: 100, converters: 0, revenueTenThousandths: 0 }, [{ variant: 'A', recipients: 100, converters: 0, revenueTenThousandths: 0 }]);
    expect(noConversions.variants[0]).toMatchObject({ lift: null, conversionRateDifference: 0, pValue: null, significant: false });
  });
});
