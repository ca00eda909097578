import type { CampaignMetrics } from './campaign-metrics.js';
import { type Interval, type ProportionTest, twoProportionZTest, wilsonInterval } from './statistics.js';

export const SIGNIFICANCE_LEVEL = 0.05;
export const CONFIDENCE = 0.95;

export interface VariantComparison {
  variant: string;
  isControl: boolean;
  delivered: number;
  uniqueClicks: number;
  ctr: number | null;
  /** 95% Wilson score interval of ctr; null when nothing was delivered. */
  ctrInterval: Interval | null;
  /** ctr minus the control's ctr; null for the control or when either ctr is null. */
  ctrDifference: number | null;
  /** Two-sided pooled two-proportion z-test of ctr against the control; null for the control or without data. */
  pValue: number | null;
  /** metrics.md: p-value below 0.05 and a higher ctr than the control. */
  wins: boolean;
  optOuts: number;
  optOutRate: number | null;
  optOutRateDifference: number | null;
  /** The same test on optOutRate against the control. */
  optOutPValue: number | null;
  /** Guardrail: opt-out rate significantly higher than the control's, even if the variant wins on ctr. */
  optOutGuardrail: boolean;
}

export interface AbTest {
  metric: 'ctr';
  test: 'two-sided two-proportion z-test, pooled variance';
  significanceLevel: number;
  confidence: number;
  control: string;
  variants: VariantComparison[];
  /** The variant with the highest ctr; null when no variant has a ctr or the highest is tied. */
  leader: string | null;
  /**
   * A challenger leads significantly when it wins against the control; the
   * control leads significantly when every challenger is significantly below it.
   */
  leadSignificant: boolean;
  /** Variants whose opt-out guardrail fired. */
  guardrailFlagged: string[];
  /** The verdict in one sentence, for people. */
  summary: string;
}

interface VariantMetrics {
  variant: string;
  metrics: CampaignMetrics;
}

const difference = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

/** Below the significance level and on the higher side of the control: a win for ctr, a guardrail for opt-outs. */
const significantlyAbove = (test: ProportionTest | null, differenceFromControl: number | null) =>
  test !== null && test.pValue < SIGNIFICANCE_LEVEL && (differenceFromControl ?? 0) > 0;

function compare(entry: VariantMetrics, control: CampaignMetrics, isControl: boolean): VariantComparison {
  const m = entry.metrics;
  const ctrTest = isControl ? null : twoProportionZTest(m.uniqueClicks, m.delivered, control.uniqueClicks, control.delivered);
  const optOutTest = isControl ? null : twoProportionZTest(m.optOuts, m.delivered, control.optOuts, control.delivered);
  const ctrDifference = isControl ? null : difference(m.ctr, control.ctr);
  const optOutRateDifference = isControl ? null : difference(m.optOutRate, control.optOutRate);
  return {
    variant: entry.variant,
    isControl,
    delivered: m.delivered,
    uniqueClicks: m.uniqueClicks,
    ctr: m.ctr,
    ctrInterval: wilsonInterval(m.uniqueClicks, m.delivered, CONFIDENCE),
    ctrDifference,
    pValue: ctrTest?.pValue ?? null,
    wins: significantlyAbove(ctrTest, ctrDifference),
    optOuts: m.optOuts,
    optOutRate: m.optOutRate,
    optOutRateDifference,
    optOutPValue: optOutTest?.pValue ?? null,
    optOutGuardrail: significantlyAbove(optOutTest, optOutRateDifference),
  };
}

function leaderOf(variants: readonly VariantComparison[]): VariantComparison | null {
  const rated = variants.filter((v) => v.ctr !== null);
  if (rated.length === 0) return null;
  const best = Math.max(...rated.map((v) => v.ctr!));
  const top = rated.filter((v) => v.ctr === best);
  return top.length === 1 ? top[0] : null;
}

function isLeadSignificant(leader: VariantComparison | null, variants: readonly VariantComparison[]): boolean {
  if (!leader) return false;
  if (!leader.isControl) return leader.wins;
  const challengers = variants.filter((v) => !v.isControl);
  return challengers.length > 0 && challengers.every((v) => v.pValue !== null && v.pValue < SIGNIFICANCE_LEVEL);
}

const percent = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(2)}%`);
const pValueText = (p: number | null) => (p === null ? 'p n/a' : p < 0.0001 ? 'p < 0.0001' : `p = ${p.toFixed(4)}`);

function summaryOf(leader: VariantComparison | null, significant: boolean, variants: readonly VariantComparison[], control: VariantComparison): string {
  const guardrail = variants.filter((v) => v.optOutGuardrail).map((v) => `${v.variant} (opt-out rate ${percent(v.optOutRate)} vs ${percent(control.optOutRate)}, ${pValueText(v.optOutPValue)})`);
  const caution = guardrail.length ? ` Opt-out guardrail: ${guardrail.join(', ')} opts people out significantly more than the control.` : '';
  if (variants.length < 2) return `Only one variant: nothing to compare.${caution}`;
  if (!leader) return `No variant leads yet (no deliveries, or the best ctr is tied).${caution}`;
  const verdict = significant ? 'significant' : 'not significant yet';
  if (leader.isControl) return `Control ${leader.variant} leads with ctr ${percent(leader.ctr)}; the lead is ${verdict}.${caution}`;
  return `${leader.variant} leads with ctr ${percent(leader.ctr)} against ${percent(control.ctr)} for control ${control.variant} (${pValueText(leader.pValue)}): ${verdict}.${caution}`;
}

/**
 * metrics.md's A/B comparison: every variant against the control (the first
 * variant unless the campaign names another), plus the opt-out guardrail.
 * `variants` are in the campaign's order.
 */
export function abTestOf(variants: readonly VariantMetrics[], controlKey: string): AbTest {
  const controlEntry = variants.find((v) => v.variant === controlKey) ?? variants[0];
  const comparisons = variants.map((entry) => compare(entry, controlEntry.metrics, entry === controlEntry));
  const control = comparisons.find((c) => c.isControl)!;
  const leader = leaderOf(comparisons);
  const leadSignificant = isLeadSignificant(leader, comparisons);
  return {
    metric: 'ctr',
    test: 'two-sided two-proportion z-test, pooled variance',
    significanceLevel: SIGNIFICANCE_LEVEL,
    confidence: CONFIDENCE,
    control: control.variant,
    variants: comparisons,
    leader: leader?.variant ?? null,
    leadSignificant,
    guardrailFlagged: comparisons.filter((c) => c.optOutGuardrail).map((c) => c.variant),
    summary: summaryOf(leader, leadSignificant, comparisons, control),
  };
}
