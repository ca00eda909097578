import { deliveryCounts } from '../../campaign/delivery-counts.js';
import type { MetricCell } from './metric-cell.js';
import { phiCoefficient, ratio } from './statistics.js';

/** Nearest-rank percentiles of seconds from delivery (or acceptance) to the first human click. */
export interface TimeToClick {
  median: number;
  p90: number;
}

/** Every metric of ../shared/spec/metrics.md, with its name, for one group of messages. */
export interface CampaignMetrics {
  recipients: number;
  suppressed: number;
  sent: number;
  failed: number;
  delivered: number;
  clickedWithoutReceipt: number;
  clicks: number;
  botClicks: number;
  uniqueClicks: number;
  ctr: number | null;
  timeToClick: TimeToClick | null;
  optOuts: number;
  optOutRate: number | null;
  optOutRateClickers: number | null;
  optOutRateNonClickers: number | null;
  optOutClickPhi: number | null;
  conversions: number;
  revenue: number;
  clickToConversion: number | null;
  revenuePerClick: number | null;
  /** Not in metrics.md: human scans of the messages' QR codes, never counted as clicks. */
  qrScans: number;
  /** Not in metrics.md: messages skipped at send time by the account's frequency cap (delivery-counts.ts). */
  frequencyCapped: number;
}

const sum = (cells: readonly MetricCell[], pick: (cell: MetricCell) => number) => cells.reduce((total, cell) => total + pick(cell), 0);

/** Revenue is summed in ten-thousandths (integers add exactly), then reported in currency units. */
const currencyUnits = (tenThousandths: number) => tenThousandths / 10_000;

/**
 * metrics.md for the messages in `cells` (any mix of variants, segments and
 * statuses). A click proves receipt: a clicked message is delivered whatever
 * its status, and never failed. Time-to-click needs the messages' timestamps,
 * not sums, so its percentiles come from the query and are passed in.
 */
export function metricsOf(cells: readonly MetricCell[], timeToClick: TimeToClick | null): CampaignMetrics {
  const counts = deliveryCounts(cells);
  const uniqueClicks = sum(cells, (c) => c.clicked);
  const clicks = sum(cells, (c) => c.humanClicks);
  const optOuts = sum(cells, (c) => c.optedOut);
  const optedOutClickers = sum(cells, (c) => c.optedOutClicked);
  // Delivered without a human click: only messages whose status is delivered (a clicked message always has a click).
  const optedOutNonClickers = sum(cells, (c) => (c.status === 'delivered' ? c.optedOut - c.optedOutClicked : 0));
  const nonClickers = counts.delivered - uniqueClicks;
  const conversions = sum(cells, (c) => c.conversions);
  const revenue = currencyUnits(sum(cells, (c) => c.revenueTenThousandths));
  return {
    ...counts,
    clickedWithoutReceipt: sum(cells, (c) => (c.status === 'delivered' ? 0 : c.clicked)),
    clicks,
    botClicks: sum(cells, (c) => c.botClicks),
    uniqueClicks,
    ctr: ratio(uniqueClicks, counts.delivered),
    timeToClick,
    optOuts,
    optOutRate: ratio(optOuts, counts.delivered),
    optOutRateClickers: ratio(optedOutClickers, uniqueClicks),
    optOutRateNonClickers: ratio(optedOutNonClickers, nonClickers),
    // Over delivered messages: rows clicked yes/no, columns opted out yes/no.
    optOutClickPhi: phiCoefficient(optedOutClickers, uniqueClicks - optedOutClickers, optedOutNonClickers, nonClickers - optedOutNonClickers),
    conversions,
    revenue,
    clickToConversion: ratio(conversions, uniqueClicks),
    revenuePerClick: ratio(revenue, clicks),
    qrScans: sum(cells, (c) => c.qrScans),
  };
}
