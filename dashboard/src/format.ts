/**
 * How the dashboard writes numbers and verdicts: pure functions, shared by
 * every page and unit-tested. Rates come from the API as fractions (0.123);
 * the page shows them as percentages.
 */
import type { AbTest } from '../../src/modules/analytics/metrics/ab-test.js';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : integer.format(value);
}

/** 0.1234 -> "12.3%"; null (nothing to divide by) -> "–". */
export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return `${(value * 100).toFixed(digits)}%`;
}

/** A difference of two rates, in percentage points with its sign: "+4.0 pts". */
export function formatPoints(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  const points = value * 100;
  return `${points >= 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} pts`;
}

export function formatMoney(value: number | null | undefined, currency: string): string {
  if (value === null || value === undefined) return '–';
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(value);
  } catch {
    return `${value.toFixed(2)} ${currency}`;
  }
}

/** "p = 0.031", "p < 0.001". */
export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined) return 'p –';
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** Seconds as a person reads them: "45 s", "3 min 20 s", "2 h 5 min", "1 d 3 h". */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
  return `${Math.floor(s / 86_400)} d${Math.floor((s % 86_400) / 3600) ? ` ${Math.floor((s % 86_400) / 3600)} h` : ''}`;
}

export function formatDecimal(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined ? '–' : value.toFixed(digits);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '–' : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** The metrics of metrics.md, in the order and with the words the campaign table shows. */
export type MetricKind = 'count' | 'rate' | 'money' | 'seconds' | 'decimal';
export interface MetricColumn {
  key: string;
  label: string;
  kind: MetricKind;
  /** For timeToClick: which percentile. */
  pick?: 'median' | 'p90';
  description: string;
}

export const METRIC_COLUMNS: readonly MetricColumn[] = [
  { key: 'recipients', label: 'Recipients', kind: 'count', description: 'Messages created' },
  { key: 'suppressed', label: 'Suppressed', kind: 'count', description: 'Not sent: opted out or invalid' },
  { key: 'sent', label: 'Sent', kind: 'count', description: 'Accepted by the SMS provider' },
  { key: 'failed', label: 'Failed', kind: 'count', description: 'Failed or undelivered, no human click' },
  { key: 'delivered', label: 'Delivered', kind: 'count', description: 'Delivered, or clicked whatever the receipt' },
  { key: 'clickedWithoutReceipt', label: 'Clicked w/o receipt', kind: 'count', description: 'Delivered only because of a click' },
  { key: 'clicks', label: 'Clicks', kind: 'count', description: 'Human clicks' },
  { key: 'botClicks', label: 'Bot clicks', kind: 'count', description: 'Previews and scanners, never in the other metrics' },
  { key: 'uniqueClicks', label: 'Unique clicks', kind: 'count', description: 'Messages with a human click' },
  { key: 'ctr', label: 'CTR', kind: 'rate', description: 'Unique clicks / delivered' },
  { key: 'timeToClick', pick: 'median', label: 'Time to click (median)', kind: 'seconds', description: 'First human click minus delivery' },
  { key: 'timeToClick', pick: 'p90', label: 'Time to click (p90)', kind: 'seconds', description: '90th percentile' },
  { key: 'optOuts', label: 'Opt-outs', kind: 'count', description: 'Opt-outs attributed to these messages' },
  { key: 'optOutRate', label: 'Opt-out rate', kind: 'rate', description: 'Opt-outs / delivered' },
  { key: 'optOutRateClickers', label: 'Opt-out rate, clickers', kind: 'rate', description: 'Among messages with a human click' },
  { key: 'optOutRateNonClickers', label: 'Opt-out rate, non-clickers', kind: 'rate', description: 'Among delivered messages without a click' },
  { key: 'optOutClickPhi', label: 'Opt-out / click phi', kind: 'decimal', description: 'Phi coefficient of clicked x opted out' },
  { key: 'conversions', label: 'Conversions', kind: 'count', description: 'Conversions attributed' },
  { key: 'revenue', label: 'Revenue', kind: 'money', description: 'Sum of conversion values' },
  { key: 'clickToConversion', label: 'Click to conversion', kind: 'rate', description: 'Conversions / unique clicks' },
  { key: 'revenuePerClick', label: 'Revenue per click', kind: 'money', description: 'Revenue / clicks' },
  { key: 'frequencyCapped', label: 'Frequency capped', kind: 'count', description: "Skipped at send time: the recipient had reached the account's frequency cap (not in metrics.md)" },
];

/** The raw value of a column in a metrics object (timeToClick picks its percentile). */
export function metricValue(metrics: Record<string, unknown>, column: MetricColumn): number | null {
  const value = metrics[column.key];
  if (column.pick) return value && typeof value === 'object' ? ((value as Record<string, number>)[column.pick] ?? null) : null;
  return typeof value === 'number' ? value : null;
}

export function formatMetric(value: number | null, kind: MetricKind, currency = 'USD'): string {
  switch (kind) {
    case 'count': return formatCount(value);
    case 'rate': return formatPercent(value);
    case 'money': return formatMoney(value, currency);
    case 'seconds': return formatSeconds(value);
    case 'decimal': return formatDecimal(value);
  }
}

// The API's own types (type-only: nothing of the server reaches the bundle).
export type { AbTest, VariantComparison } from '../../src/modules/analytics/metrics/ab-test.js';

/**
 * The A/B verdict in plain sentences: who leads and by how much, whether it
 * is significant (and what that means for the marketer), each challenger
 * against the control, and the opt-out guardrail.
 */
export function verdictSentences(ab: AbTest): string[] {
  const sentences: string[] = [];
  const control = ab.variants.find((v) => v.isControl);
  const challengers = ab.variants.filter((v) => !v.isControl);
  const confidence = `${Math.round(ab.confidence * 100)}%`;
  if (ab.variants.length < 2) {
    sentences.push('This campaign has a single variant: there is nothing to compare.');
  } else if (!ab.leader) {
    sentences.push(ab.variants.every((v) => v.delivered === 0)
      ? 'No message has been delivered yet: no variant leads.'
      : 'No variant leads: the click-through rates are tied.');
  } else {
    const leader = ab.variants.find((v) => v.variant === ab.leader)!;
    const role = leader.isControl ? ' (the control)' : '';
    sentences.push(`Variant ${leader.variant}${role} leads with a click-through rate of ${formatPercent(leader.ctr)}.`);
    sentences.push(ab.leadSignificant
      ? `The lead is significant at ${confidence} confidence: it is unlikely to be chance.`
      : `The lead is not significant at ${confidence} confidence yet: it could still be chance, so keep it as a tie for now.`);
  }
  for (const v of challengers) {
    if (!control) break;
    if (v.pValue === null) {
      sentences.push(`${v.variant} against ${control.variant}: not enough deliveries and clicks to compare yet.`);
      continue;
    }
    const direction = (v.ctrDifference ?? 0) >= 0 ? 'above' : 'below';
    const verdict = v.wins ? 'a significant win' : v.pValue < ab.significanceLevel ? 'significantly worse' : 'not significant';
    sentences.push(`${v.variant}: ${formatPercent(v.ctr)} against ${formatPercent(control.ctr)} for ${control.variant}, ${formatPoints(v.ctrDifference)} ${direction} (${formatPValue(v.pValue)}, ${verdict}).`);
  }
  for (const v of ab.variants.filter((x) => x.optOutGuardrail)) {
    sentences.push(`Opt-out guardrail: ${v.variant} makes significantly more people opt out (${formatPercent(v.optOutRate)} against ${formatPercent(control?.optOutRate)} for ${control?.variant}, ${formatPValue(v.optOutPValue)}); think twice before rolling it out, even if it wins on clicks.`);
  }
  if (ab.variants.length >= 2 && ab.guardrailFlagged.length === 0 && ab.variants.some((v) => v.delivered > 0)) {
    sentences.push('Opt-out guardrail: no variant makes significantly more people opt out than the control.');
  }
  return sentences;
}

/** A tracked link pushes the message into more SMS segments than the text as written. */
export function linkAddsSegments(preview: { segments: number; segmentsBeforeLinks: number }): boolean {
  return preview.segments > preview.segmentsBeforeLinks;
}

/** "2026-12-02" (a date input) as the start of that day in the browser's zone, ISO; `endOfDay` gives the next midnight (exclusive end). */
export function dateInputToIso(value: string, endOfDay = false): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + (endOfDay ? 1 : 0));
  return date.toISOString();
}

/** A datetime-local input ("2026-12-02T15:30") as an ISO instant with offset, in the browser's zone. */
export function localDateTimeToIso(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** "a, b ,,c" -> ["a", "b", "c"]. */
export function splitList(value: string): string[] {
  return value.split(',').map((part) => part.trim()).filter(Boolean);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A timeseries bucket ("2026-03-01T10:00:00.000-05:00", in the account's zone) labelled in that zone: "1 Mar 10:00", or "1 Mar" per day. */
export function bucketLabel(bucket: string, interval: 'hour' | 'day'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(bucket);
  if (!match) return bucket;
  const day = `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]}`;
  return interval === 'day' ? day : `${day} ${match[4]}:${match[5]}`;
}

/** The account's sending rules in a sentence: "At most 3 messages per recipient in 24 hours; no 7-day cap; no quiet hours." */
export function settingsSummary(s: { frequencyCap: { per24Hours: number | null; per7Days: number | null }; quietHours: { start: string; end: string } | null }): string {
  const cap = (n: number | null, span: string, off: string) => (n === null ? off : `at most ${n} message${n === 1 ? '' : 's'} per recipient in ${span}`);
  const caps = [cap(s.frequencyCap.per24Hours, '24 hours', 'no 24-hour cap'), cap(s.frequencyCap.per7Days, '7 days', 'no 7-day cap')];
  const quiet = s.quietHours
    ? `campaigns without their own window send only from ${s.quietHours.start} to ${s.quietHours.end}, recipient's local time`
    : 'no quiet hours';
  const text = `${caps.join('; ')}; ${quiet}.`;
  return text[0].toUpperCase() + text.slice(1);
}
