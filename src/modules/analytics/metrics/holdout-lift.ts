import { SIGNIFICANCE_LEVEL } from './ab-test.js';
import { ratio, twoProportionZTest } from './statistics.js';

/**
 * Incremental effect against the holdout: per variant, the share of its
 * audience that converted versus the share of the held-out recipients that
 * did, tested with the same pooled two-proportion z-test as the A/B
 * comparison (metrics.md). Revenue is in ten-thousandths to sum exactly.
 */
export interface ConversionGroup {
  /** Who was meant to get it (variant: messages not suppressed, capped ones included) or held out. */
  recipients: number;
  /** Of those, how many have at least one attributed conversion. */
  converters: number;
  revenueTenThousandths: number;
}

export interface VariantLift {
  variant: string;
  recipients: number;
  converters: number;
  conversionRate: number | null;
  revenue: number;
  revenuePerRecipient: number | null;
  /** conversionRate minus the holdout's. */
  conversionRateDifference: number | null;
  /** (conversionRate - holdout's) / holdout's; null when the holdout's rate is 0 or unknown. */
  lift: number | null;
  pValue: number | null;
  significant: boolean;
  revenuePerRecipientDifference: number | null;
  /** Conversions the message caused beyond the holdout's baseline: difference x recipients. */
  incrementalConverters: number | null;
  incrementalRevenue: number | null;
}

export interface HoldoutLift {
  recipients: number;
  converters: number;
  conversionRate: number | null;
  revenue: number;
  revenuePerRecipient: number | null;
  variants: VariantLift[];
}

const money = (tenThousandths: number) => tenThousandths / 10_000;
const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
const times = (a: number | null, n: number) => (a === null ? null : a * n);

export function holdoutLiftOf(holdout: ConversionGroup, variants: readonly (ConversionGroup & { variant: string })[]): HoldoutLift {
  const holdoutRate = ratio(holdout.converters, holdout.recipients);
  const holdoutRevenuePerRecipient = ratio(money(holdout.revenueTenThousandths), holdout.recipients);
  return {
    recipients: holdout.recipients,
    converters: holdout.converters,
    conversionRate: holdoutRate,
    revenue: money(holdout.revenueTenThousandths),
    revenuePerRecipient: holdoutRevenuePerRecipient,
    variants: variants.map((group) => {
      const rate = ratio(group.converters, group.recipients);
      const revenuePerRecipient = ratio(money(group.revenueTenThousandths), group.recipients);
      const test = twoProportionZTest(group.converters, group.recipients, holdout.converters, holdout.recipients);
      const difference = minus(rate, holdoutRate);
      const revenueDifference = minus(revenuePerRecipient, holdoutRevenuePerRecipient);
      return {
        variant: group.variant,
        recipients: group.recipients,
        converters: group.converters,
        conversionRate: rate,
        revenue: money(group.revenueTenThousandths),
        revenuePerRecipient,
        conversionRateDifference: difference,
        lift: difference === null || !holdoutRate ? null : difference / holdoutRate,
        pValue: test?.pValue ?? null,
        significant: test !== null && test.pValue < SIGNIFICANCE_LEVEL,
        revenuePerRecipientDifference: revenueDifference,
        incrementalConverters: times(difference, group.recipients),
        incrementalRevenue: times(revenueDifference, group.recipients),
      };
    }),
  };
}
