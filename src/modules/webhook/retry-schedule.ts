/**
 * When each delivery attempt of an outbound webhook happens. Standard
 * Webhooks' example schedule (immediately, 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 10 h: about 28 h) stretched with four more 10 h waits so a receiver
 * has about three days (67.6 h) to come back: 12 attempts.
 */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE = '0,5s,5m,30m,2h,5h,10h,10h,10h,10h,10h,10h';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "0,5s,5m" -> [0, 5000, 300000]; a bare number is milliseconds. Throws on anything else. */
export function parseRetrySchedule(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length === 0 || parts.length > 50) throw new Error('a retry schedule has 1 to 50 steps');
  return parts.map((part) => {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(part);
    if (!match) throw new Error(`"${part}" is not a duration such as 500ms, 5s, 5m, 2h or 1d`);
    return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']);
  });
}

/**
 * After `attemptsMade` attempts have failed, how long until the next one;
 * null when the schedule is used up (the delivery has failed for good).
 * The first entry is the wait before the first attempt.
 */
export function delayBeforeNextAttempt(schedule: readonly number[], attemptsMade: number): number | null {
  return attemptsMade < schedule.length ? schedule[attemptsMade] : null;
}

/** From the first attempt to the last, in milliseconds: how long a receiver may be down without losing an event. */
export function retryWindowMs(schedule: readonly number[]): number {
  return schedule.slice(1).reduce((sum, step) => sum + step, 0);
}
