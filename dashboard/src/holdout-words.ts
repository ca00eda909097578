/**
 * The holdout lift and the attribution window in plain words: pure
 * functions over the `holdout` and `attribution` of GET /stats (the numbers
 * are the API's; only the words are the dashboard's). Unit-tested.
 */
import type { HoldoutLift, VariantLift } from '../../src/modules/analytics/metrics/holdout-lift.js';
import { formatCount, formatMoney, formatPercent, formatPValue } from './format.js';

export type { VariantLift };

/** The `holdout` of GET /stats: the server's lift, with the campaign's holdout percent. */
export type Holdout = HoldoutLift & { percent: number };

export interface Attribution { windowHours: number; unattributedConversions: number }

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** A relative lift with its sign: 1.8 -> "+180%", -0.054 -> "−5.4%" (one decimal below 10%). */
export function formatLift(lift: number | null | undefined): string {
  if (lift === null || lift === undefined || !Number.isFinite(lift)) return '–';
  const percent = Math.abs(lift * 100);
  const text = percent >= 10 ? percent.toFixed(0) : percent.toFixed(1);
  return `${lift >= 0 ? '+' : '−'}${text}%`;
}

/**
 * One variant against the holdout, as a marketer reads it:
 * "Variant A converted 2.8% vs 1.0% of the held-out 20 recipients: +180% lift, significant (p = 0.010);
 * about 13 extra buyers and $105.00 extra revenue."
 */
export function liftSentence(v: VariantLift, holdout: Holdout, currency: string): string {
  if (v.recipients === 0) return `Variant ${v.variant} had no recipients: nothing to compare with the holdout.`;
  if (holdout.recipients === 0) return `Variant ${v.variant} converted ${formatPercent(v.conversionRate)}, but nobody was held out: there is no lift to measure.`;
  const compared = `Variant ${v.variant} converted ${formatPercent(v.conversionRate)} vs ${formatPercent(holdout.conversionRate)} of the held-out ${plural(holdout.recipients, 'recipient')}`;
  const lift = v.lift === null
    ? 'no lift figure, since nobody held out converted'
    : `${formatLift(v.lift)} lift`;
  const significance = v.pValue === null ? 'not enough data to test' : `${v.significant ? 'significant' : 'not significant'} (${formatPValue(v.pValue)})`;
  return `${compared}: ${lift}, ${significance}; ${extraBuyers(v.incrementalConverters)} and ${extraRevenue(v.incrementalRevenue, currency)}.`;
}

function extraBuyers(n: number | null): string {
  if (n === null) return 'no estimate of extra buyers';
  const rounded = Math.round(Math.abs(n));
  if (rounded === 0) return 'about as many buyers as without the message';
  return `about ${plural(rounded, n > 0 ? 'extra buyer' : 'fewer buyer', n > 0 ? 'extra buyers' : 'fewer buyers')}`;
}

function extraRevenue(amount: number | null, currency: string): string {
  if (amount === null) return 'no estimate of extra revenue';
  const rounded = Math.round(Math.abs(amount));
  if (rounded === 0) return 'about the same revenue';
  return `${formatMoney(rounded, currency).replace(/\.00$/, '')} ${amount > 0 ? 'extra' : 'less'} revenue`;
}

/** The holdout itself: "10% of the audience (20 recipients) got no message; 2 of them converted (10.0%), $40 in revenue." */
export function holdoutIntro(holdout: Holdout, currency: string): string {
  return `${holdout.percent}% of the eligible audience (${plural(holdout.recipients, 'recipient')}) was held out and got no message; `
    + `${formatCount(holdout.converters)} of them converted (${formatPercent(holdout.conversionRate)}), ${formatMoney(holdout.revenue, currency)} in revenue.`;
}

/** "168 hours (7 days)", "36 hours (1.5 days)", "12 hours". */
export function formatWindow(hours: number): string {
  if (hours < 24) return plural(hours, 'hour');
  const days = hours / 24;
  return `${plural(hours, 'hour')} (${Number.isInteger(days) ? days : days.toFixed(1)} ${days === 1 ? 'day' : 'days'})`;
}

/** Which window the stats use and what fell outside it. */
export function attributionSentence(a: Attribution): string {
  const outside = a.unattributedConversions === 0
    ? 'No conversion fell outside it.'
    : `${plural(a.unattributedConversions, 'conversion')} fell outside it: stored, but in no number on this page.`;
  return `Conversions count when they happen within ${formatWindow(a.windowHours)} of the message (or of the holdout draw). ${outside}`;
}
