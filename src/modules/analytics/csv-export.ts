import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import { maskPhone } from '../../common/mask.js';
import type { MessageRowView } from './dto/analytics.view.js';
import type { CampaignStatsView, MetricsView } from './dto/stats.view.js';

const METRIC_COLUMNS = [
  'recipients', 'suppressed', 'sent', 'failed', 'delivered', 'clickedWithoutReceipt', 'clicks', 'botClicks', 'uniqueClicks', 'ctr',
  'timeToClickMedian', 'timeToClickP90', 'optOuts', 'optOutRate', 'optOutRateClickers', 'optOutRateNonClickers', 'optOutClickPhi',
  'conversions', 'revenue', 'clickToConversion', 'revenuePerClick', 'qrScans', 'frequencyCapped',
] as const;

type Cell = string | number | boolean | null;

/** Null stays an empty cell (a spreadsheet's "no value"), never 0. */
function metricCells(metrics: MetricsView): Cell[] {
  const flat = { ...metrics, timeToClickMedian: metrics.timeToClick?.median ?? null, timeToClickP90: metrics.timeToClick?.p90 ?? null };
  return METRIC_COLUMNS.map((column) => flat[column]);
}

/** The stats as CSV rows: the campaign first, then its groups; A/B columns on variant groups. */
export function statsCsvRows(stats: CampaignStatsView): Cell[][] {
  const comparison = new Map(stats.abTest.variants.map((v) => [v.variant, v]));
  const abColumns = (variant?: string, segment?: string): Cell[] => {
    const v = variant !== undefined && segment === undefined ? comparison.get(variant) : undefined;
    return v ? [v.isControl, v.ctrInterval?.low ?? null, v.ctrInterval?.high ?? null, v.ctrDifference, v.pValue, v.wins, v.optOutPValue, v.optOutGuardrail] : Array(8).fill(null);
  };
  return [
    ['scope', 'variant', 'segment', ...METRIC_COLUMNS, 'isControl', 'ctrLow95', 'ctrHigh95', 'ctrDifference', 'pValue', 'wins', 'optOutPValue', 'optOutGuardrail', 'currency'],
    ['campaign', null, null, ...metricCells(stats.campaign), ...abColumns(), stats.currency],
    ...stats.groups.map((group) => ['group', group.variant ?? null, group.segment ?? null, ...metricCells(group), ...abColumns(group.variant, group.segment), stats.currency]),
  ];
}

export function toCsv(rows: Cell[][]): Readable {
  return Readable.from(rows).pipe(stringify({ cast: { boolean: (value) => String(value) } }));
}

const MESSAGE_HEADER = [
  'id', 'phone', 'externalId', 'variant', 'segment', 'status', 'suppressionReason', 'providerSid', 'errorCode', 'shortLink', 'destination',
  'clicks', 'botClicks', 'qrScans', 'firstClickAt', 'acceptedAt', 'deliveredAt', 'optedOutAt', 'conversions', 'revenue',
];

/** One CSV row per message (its first link; the others are on the links API), phones masked unless revealed. */
export function messageCsvRow(message: MessageRowView, revealPhones: boolean): Cell[] {
  const [link] = message.shortLinks;
  return [
    message.id, revealPhones ? message.phone : maskPhone(message.phone), message.externalId, message.variant, message.segment, message.status,
    message.suppressionReason, message.providerSid, message.errorCode, link?.url ?? null, link?.destination ?? null, message.clicks,
    message.botClicks, message.qrScans, message.firstClickAt, message.acceptedAt, message.deliveredAt, message.optedOutAt,
    message.conversions, message.revenue,
  ];
}

/** Streams every page of messages as CSV, so an export of a million rows never sits in memory. */
export function messagesCsv(pages: AsyncIterable<MessageRowView[]>, revealPhones: boolean): Readable {
  async function* rows() {
    yield MESSAGE_HEADER;
    for await (const page of pages) for (const message of page) yield messageCsvRow(message, revealPhones);
  }
  return Readable.from(rows()).pipe(stringify());
}
