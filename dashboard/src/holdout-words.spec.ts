import { attributionSentence, formatLift, formatWindow, holdoutIntro, liftSentence, type Holdout, type VariantLift } from './holdout-words.js';

const holdout = (over: Partial<Holdout> = {}): Holdout => ({
  percent: 10, recipients: 20, converters: 0, conversionRate: 0.01, revenue: 0, revenuePerRecipient: 0, variants: [], ...over,
});
const variant = (over: Partial<VariantLift> = {}): VariantLift => ({
  variant: 'A', recipients: 180, converters: 5, conversionRate: 0.028, revenue: 255, revenuePerRecipient: 1.4167, conversionRateDifference: 0.018,
  lift: 1.8, pValue: 0.01, significant: true, revenuePerRecipientDifference: 0.583, incrementalConverters: 12.9, incrementalRevenue: 104.9, ...over,
});

describe('holdout lift in words', () => {
  it('says a significant lift with its extra buyers and revenue', () => {
    expect(liftSentence(variant(), holdout(), 'USD')).toBe(
      'Variant A converted 2.8% vs 1.0% of the held-out 20 recipients: +180% lift, significant (p = 0.010); about 13 extra buyers and $105 extra revenue.');
  });

  it('says a negative, non-significant difference as fewer buyers and less revenue', () => {
    const words = liftSentence(variant({ variant: 'B', conversionRate: 0.0278, lift: -0.722, pValue: 0.057, significant: false, incrementalConverters: -13, incrementalRevenue: -105 }),
      holdout({ conversionRate: 0.1 }), 'EUR');
    expect(words).toBe('Variant B converted 2.8% vs 10.0% of the held-out 20 recipients: −72% lift, not significant (p = 0.057); about 13 fewer buyers and €105 less revenue.');
  });

  it('has no lift figure when nobody held out converted, and handles empty groups', () => {
    expect(liftSentence(variant({ lift: null, pValue: 0.2, significant: false, incrementalConverters: 1, incrementalRevenue: 0.2 }), holdout({ conversionRate: 0 }), 'USD'))
      .toBe('Variant A converted 2.8% vs 0.0% of the held-out 20 recipients: no lift figure, since nobody held out converted, not significant (p = 0.200); about 1 extra buyer and about the same revenue.');
    expect(liftSentence(variant({ recipients: 0 }), holdout(), 'USD')).toBe('Variant A had no recipients: nothing to compare with the holdout.');
    expect(liftSentence(variant(), holdout({ recipients: 0, conversionRate: null }), 'USD')).toMatch(/nobody was held out/);
    expect(liftSentence(variant({ pValue: null, incrementalConverters: null, incrementalRevenue: null }), holdout(), 'USD'))
      .toMatch(/not enough data to test; no estimate of extra buyers and no estimate of extra revenue\.$/);
  });

  it('formats lifts, windows, the holdout and the attribution line', () => {
    expect(formatLift(0.054)).toBe('+5.4%');
    expect(formatLift(-0.2)).toBe('−20%');
    expect(formatLift(null)).toBe('–');
    expect(formatWindow(168)).toBe('168 hours (7 days)');
    expect(formatWindow(36)).toBe('36 hours (1.5 days)');
    expect(formatWindow(1)).toBe('1 hour');
    expect(holdoutIntro(holdout({ converters: 2, conversionRate: 0.1, revenue: 40 }), 'USD'))
      .toBe('10% of the eligible audience (20 recipients) was held out and got no message; 2 of them converted (10.0%), $40.00 in revenue.');
    expect(attributionSentence({ windowHours: 48, unattributedConversions: 0 })).toBe(
      'Conversions count when they happen within 48 hours (2 days) of the message (or of the holdout draw). No conversion fell outside it.');
    expect(attributionSentence({ windowHours: 168, unattributedConversions: 3 })).toMatch(/3 conversions fell outside it: stored, but in no number on this page\.$/);
  });
});
