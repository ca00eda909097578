import { DateTime } from 'luxon';
import type { TimeseriesInterval, TimeseriesRow } from './analytics.repository.js';

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

/**
 * Every bucket from the first to the last one that holds something, empty
 * ones as zeros, so a chart's x axis is time and not "buckets that happened
 * to have data". Buckets are calendar hours or days of `zone` (a DST day has
 * 23 or 25 hours), matching PostgreSQL's date_trunc(unit, t, zone).
 */
export function filledSeries(rows: readonly TimeseriesRow[], interval: TimeseriesInterval, zone: string): TimeseriesPoint[] {
  if (rows.length === 0) return [];
  const byStart = new Map(rows.map((row) => [row.bucket.getTime(), row]));
  const last = DateTime.fromJSDate(rows[rows.length - 1].bucket, { zone });
  const points: TimeseriesPoint[] = [];
  for (let at = DateTime.fromJSDate(rows[0].bucket, { zone }); at <= last && points.length < MAX_BUCKETS; at = at.plus({ [interval]: 1 }).startOf(interval)) {
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
