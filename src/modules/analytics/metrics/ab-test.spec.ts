import { abTestOf } from './ab-test.js';
import { metricsOf } from './campaign-metrics.js';

/** A variant's metrics from delivered / unique clicks / opt-outs, all on delivered messages. */
const variant = (key: string, delivered: number, clicked: number, optedOut = 0) => ({
  variant: key,
  metrics: metricsOf(
    [
      {
        variant: key, segment: 's', status: 'delivered' as const, messages: delivered, withProviderId: delivered, clicked, humanClicks: clicked,
        botClicks: 0, qrScans: 0, optedOut, optedOutClicked: 0, conversions: 0, revenueTenThousandths: 0,
      },
    ],
    null,
  ),
});

describe('abTestOf', () => {
  it('compares every challenger with the control: difference, pooled z-test p-value, Wilson intervals', () => {
    const test = abTestOf([variant('A', 1000, 100), variant('B', 1000, 120)], 'A');
    const [a, b] = test.variants;
    expect(a).toMatchObject({ variant: 'A', isControl: true, ctr: 0.1, ctrDifference: null, pValue: null, wins: false });
    expect(b.ctrDifference).toBeCloseTo(0.02, 12);
    expect(b.pValue).toBeCloseTo(0.152918, 5);
    expect(b.wins).toBe(false);
    expect(b.ctrInterval!.low).toBeLessThan(0.12);
    expect(b.ctrInterval!.high).toBeGreaterThan(0.12);
    expect(test).toMatchObject({ control: 'A', leader: 'B', leadSignificant: false, guardrailFlagged: [] });
    expect(test.summary).toBe('B leads with ctr 12.00% against 10.00% for control A (p = 0.1529): not significant yet.');
  });

  it('declares a significant win below p = 0.05 with a higher ctr', () => {
    const test = abTestOf([variant('A', 1000, 100), variant('B', 1000, 150)], 'A');
    expect(test.variants[1].wins).toBe(true);
    expect(test).toMatchObject({ leader: 'B', leadSignificant: true });
  });

  it('never calls a significantly lower challenger a winner; the control then leads significantly', () => {
    const test = abTestOf([variant('A', 1000, 150), variant('B', 1000, 100)], 'A');
    expect(test.variants[1]).toMatchObject({ wins: false });
    expect(test.variants[1].pValue!).toBeLessThan(0.05);
    expect(test).toMatchObject({ leader: 'A', leadSignificant: true });
  });

  it('honours a named control that is not the first variant', () => {
    const test = abTestOf([variant('A', 500, 50), variant('B', 500, 50), variant('C', 500, 90)], 'B');
    expect(test.control).toBe('B');
    expect(test.variants.map((v) => v.isControl)).toEqual([false, true, false]);
    expect(test.leader).toBe('C');
  });

  it('flags a winner whose opt-out rate is significantly higher than the control (guardrail)', () => {
    const test = abTestOf([variant('A', 1000, 100, 5), variant('B', 1000, 150, 30)], 'A');
    expect(test.variants[1]).toMatchObject({ wins: true, optOutGuardrail: true });
    expect(test.variants[1].optOutPValue!).toBeLessThan(0.05);
    expect(test.guardrailFlagged).toEqual(['B']);
    expect(test.summary).toContain('Opt-out guardrail: B');
  });

  it('has no leader on a tie or without deliveries, and no p-value without data', () => {
    expect(abTestOf([variant('A', 100, 10), variant('B', 100, 10)], 'A')).toMatchObject({ leader: null, leadSignificant: false });
    const empty = abTestOf([variant('A', 0, 0), variant('B', 0, 0)], 'A');
    expect(empty).toMatchObject({ leader: null, leadSignificant: false });
    expect(empty.variants[1]).toMatchObject({ ctr: null, ctrInterval: null, pValue: null, wins: false });
  });

  it('says there is nothing to compare with one variant', () => {
    expect(abTestOf([variant('A', 100, 10)], 'A')).toMatchObject({ leader: 'A', leadSignificant: false, summary: 'Only one variant: nothing to compare.' });
  });
});
