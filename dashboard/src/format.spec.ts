import {
  bucketLabel, formatCount, formatMetric, formatPercent, formatPoints, formatPValue, formatSeconds, linkAddsSegments, METRIC_COLUMNS, metricValue, splitList,
  verdictSentences, type AbTest, type VariantComparison,
} from './format.js';

const variant = (over: Partial<VariantComparison>): VariantComparison => ({
  variant: 'A', isControl: false, delivered: 100, uniqueClicks: 10, ctr: 0.1, ctrInterval: { low: 0.05, high: 0.17 }, ctrDifference: null,
  pValue: null, wins: false, optOuts: 1, optOutRate: 0.01, optOutRateDifference: null, optOutPValue: null, optOutGuardrail: false, ...over,
});
const ab = (over: Partial<AbTest>): AbTest => ({
  metric: 'ctr', test: 'two-sided two-proportion z-test, pooled variance', control: 'A', significanceLevel: 0.05, confidence: 0.95, variants: [], leader: null, leadSignificant: false, guardrailFlagged: [], summary: '', ...over,
});

describe('number formatting', () => {
  it('writes counts, rates, points, p-values and durations as a marketer reads them', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(null)).toBe('–');
    expect(formatPoints(0.04)).toBe('+4.0 pts');
    expect(formatPoints(-0.021)).toBe('−2.1 pts');
    expect(formatPValue(0.0312)).toBe('p = 0.031');
    expect(formatPValue(0.00001)).toBe('p < 0.001');
    expect(formatSeconds(45)).toBe('45 s');
    expect(formatSeconds(200)).toBe('3 min 20 s');
    expect(formatSeconds(7500)).toBe('2 h 5 min');
    expect(formatSeconds(97_200)).toBe('1 d 3 h');
    expect(formatMetric(12.5, 'money', 'EUR')).toBe('€12.50');
  });

  it('has a column for every metric of metrics.md and reads the time-to-click percentiles', () => {
    const keys = new Set(METRIC_COLUMNS.map((c) => c.key));
    for (const name of ['recipients', 'suppressed', 'sent', 'failed', 'delivered', 'clickedWithoutReceipt', 'clicks', 'botClicks', 'uniqueClicks',
      'ctr', 'timeToClick', 'optOuts', 'optOutRate', 'optOutRateClickers', 'optOutRateNonClickers', 'optOutClickPhi', 'conversions', 'revenue',
      'clickToConversion', 'revenuePerClick', 'frequencyCapped']) expect(keys).toContain(name);
    const p90 = METRIC_COLUMNS.find((c) => c.pick === 'p90')!;
    expect(metricValue({ timeToClick: { median: 4, p90: 9 } }, p90)).toBe(9);
    expect(metricValue({ timeToClick: null }, p90)).toBeNull();
  });

  it('labels timeseries buckets in the account zone they are given in, not the browser\'s', () => {
    expect(bucketLabel('2026-03-01T10:00:00.000-05:00', 'hour')).toBe('1 Mar 10:00');
    expect(bucketLabel('2026-12-24T00:00:00.000+01:00', 'day')).toBe('24 Dec');
  });

  it('splits comma lists and flags a link that adds a segment', () => {
    expect(splitList(' vip, ,news ')).toEqual(['vip', 'news']);
    expect(linkAddsSegments({ segments: 2, segmentsBeforeLinks: 1 })).toBe(true);
    expect(linkAddsSegments({ segments: 1, segmentsBeforeLinks: 1 })).toBe(false);
  });
});

describe('verdictSentences', () => {
  it('names a significant challenger win with its numbers', () => {
    const words = verdictSentences(ab({
      leader: 'B', leadSignificant: true,
      variants: [variant({ variant: 'A', isControl: true, ctr: 0.08 }), variant({ variant: 'B', ctr: 0.12, ctrDifference: 0.04, pValue: 0.031, wins: true })],
    }));
    expect(words[0]).toBe('Variant B leads with a click-through rate of 12.0%.');
    expect(words[1]).toMatch(/significant at 95% confidence/);
    expect(words[2]).toBe('B: 12.0% against 8.0% for A, +4.0 pts above (p = 0.031, a significant win).');
    expect(words[3]).toMatch(/no variant makes significantly more people opt out/);
  });

  it('says when a lead may be chance, and when there is nothing yet', () => {
    const lead = verdictSentences(ab({
      leader: 'B', variants: [variant({ variant: 'A', isControl: true }), variant({ variant: 'B', ctr: 0.11, ctrDifference: 0.01, pValue: 0.6 })],
    }));
    expect(lead[1]).toMatch(/not significant .* could still be chance/);
    expect(lead[2]).toMatch(/not significant\)\.$/);
    const empty = verdictSentences(ab({ variants: [variant({ variant: 'A', isControl: true, delivered: 0, ctr: null }), variant({ variant: 'B', delivered: 0, ctr: null })] }));
    expect(empty[0]).toBe('No message has been delivered yet: no variant leads.');
    expect(empty[1]).toBe('B against A: not enough deliveries and clicks to compare yet.');
  });

  it('warns about the opt-out guardrail even for a winner', () => {
    const words = verdictSentences(ab({
      leader: 'B', leadSignificant: true, guardrailFlagged: ['B'],
      variants: [variant({ variant: 'A', isControl: true, optOutRate: 0.01 }),
        variant({ variant: 'B', ctr: 0.2, ctrDifference: 0.1, pValue: 0.001, wins: true, optOutRate: 0.06, optOutPValue: 0.002, optOutGuardrail: true })],
    }));
    expect(words.at(-1)).toBe('Opt-out guardrail: B makes significantly more people opt out (6.0% against 1.0% for A, p = 0.002); think twice before rolling it out, even if it wins on clicks.');
  });
});
