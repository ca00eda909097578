/** Default histogram bounds, seconds: 30 s, 1, 2, 5, 15, 30 min, 1, 3, 12, 24 h. */
export const DEFAULT_TIME_TO_CLICK_BOUNDS = [30, 60, 120, 300, 900, 1800, 3600, 10_800, 43_200, 86_400] as const;
export const MAX_TIME_TO_CLICK_BOUNDS = 30;

/** Clicked messages of one variant in one bucket: bucket 0 is below the first bound, bucket i is [bounds[i-1], bounds[i]). */
export interface TimeToClickCount {
  variant: string;
  bucket: number;
  messages: number;
}

export interface TimeToClickBucket {
  fromSeconds: number | null;
  toSeconds: number | null;
  label: string;
  messages: number;
  byVariant: Record<string, number>;
}

/** "45 s", "2 min", "1.5 h", "2 d": a duration as a marketer reads it. */
export function durationLabel(seconds: number): string {
  const trim = (n: number) => String(Number(n.toFixed(1)));
  if (seconds < 60) return `${trim(seconds)} s`;
  if (seconds < 3600) return `${trim(seconds / 60)} min`;
  if (seconds < 86_400) return `${trim(seconds / 3600)} h`;
  return `${trim(seconds / 86_400)} d`;
}

/**
 * Every bucket of the bounds (empty ones as zeros, so the chart's axis is the
 * same for every campaign), each with its count per variant in the
 * campaign's variant order.
 */
export function timeToClickHistogram(counts: readonly TimeToClickCount[], bounds: readonly number[], variants: readonly string[]): TimeToClickBucket[] {
  const buckets: TimeToClickBucket[] = [];
  for (let i = 0; i <= bounds.length; i++) {
    const from = i === 0 ? null : bounds[i - 1];
    const to = i === bounds.length ? null : bounds[i];
    const label = from === null ? `< ${durationLabel(to!)}` : to === null ? `≥ ${durationLabel(from)}` : `${durationLabel(from)} – ${durationLabel(to)}`;
    buckets.push({ fromSeconds: from, toSeconds: to, label, messages: 0, byVariant: Object.fromEntries(variants.map((v) => [v, 0])) });
  }
  for (const { variant, bucket, messages } of counts) {
    const target = buckets[Math.min(Math.max(bucket, 0), bounds.length)];
    target.messages += messages;
    target.byVariant[variant] = (target.byVariant[variant] ?? 0) + messages;
  }
  return buckets;
}
