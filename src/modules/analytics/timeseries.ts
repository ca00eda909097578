import { DateTime } from 'luxon';
import type { QuarterHourCounts, TimeseriesInterval } from './analytics.repository.js';

export interface TimeseriesPoint {
  /** Bucket start, ISO 8601 with the account zone's offset. */
  bucket: string;
  deliveries: number;
  humanClicks: number;
  uniqueClicks: number;
  botClicks: number;
}

/** Beyond this many buckets the series is cut (an hourly series over five years is not a chart). */
export const MAX_BUCKETS = 10_000;

type Counts = Omit<QuarterHourCounts, 'start'>;

/**
 * Adds quarter hours (UTC) into the hours or days of `zone`. Exact for every
 * zone whose offset is a multiple of 15 minutes (all of them since the 1970s).
 */
export function localBuckets(quarters: readonly QuarterHourCounts[], interval: TimeseriesInterval, zone: string): Map<number, Counts> {
  const buckets = new Map<number, Counts>();
  for (const { start, ...counts } of quarters) {
    const key = DateTime.fromJSDate(start, { zone }).startOf(interval).toMillis();
    const bucket = buckets.get(key);
    if (!bucket) buckets.set(key, { ...counts });
    else for (const name of Object.keys(counts) as (keyof Counts)[]) bucket[name] += counts[name];
  }
  return buckets;
}

/**
 * Every bucket from the first to the last one that holds something, empty
 * ones as zeros, so a chart's x axis is time and not "buckets that happened
 * to have data". Buckets are calendar hours or days of `zone` (a DST day has
 * 23 or 25 hours).
 */
export function filledSeries(quarters: readonly QuarterHourCounts[], interval: TimeseriesInterval, zone: string): TimeseriesPoint[] {
  const byStart = localBuckets(quarters, interval, zone);
  if (byStart.size === 0) return [];
  const starts = [...byStart.keys()];
  const last = DateTime.fromMillis(Math.max(...starts), { zone });
  const points: TimeseriesPoint[] = [];
  for (let at = DateTime.fromMillis(Math.min(...starts), { zone }); at <= last && points.length < MAX_BUCKETS; at = at.plus({ [interval]: 1 }).startOf(interval)) {
    const row = byStart.get(at.toMillis());
    points.push({
      bucket: at.toISO()!,
      deliveries: row?.deliveries ?? 0,
      humanClicks: row?.humanClicks ?? 0,
      uniqueClicks: row?.uniqueClicks ?? 0,
      botClicks: row?.botClicks ?? 0,
    });
  }
  return points;
}
