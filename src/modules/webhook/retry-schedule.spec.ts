import { DEFAULT_WEBHOOK_RETRY_SCHEDULE, delayBeforeNextAttempt, parseRetrySchedule, retryWindowMs } from './retry-schedule.js';

describe('webhook retry schedule', () => {
  it('reads durations with units, a bare number being milliseconds', () => {
    expect(parseRetrySchedule('0, 250, 5s,1.5m,2h,1d, 20ms')).toEqual([0, 250, 5_000, 90_000, 7_200_000, 86_400_000, 20]);
  });

  it('refuses what is not a duration', () => {
    expect(() => parseRetrySchedule('0,5x')).toThrow('"5x" is not a duration');
    expect(() => parseRetrySchedule('')).toThrow('is not a duration');
    expect(() => parseRetrySchedule('-5s')).toThrow();
  });

  it('by default attempts 12 times over about three days', () => {
    const schedule = parseRetrySchedule(DEFAULT_WEBHOOK_RETRY_SCHEDULE);
    expect(schedule).toHaveLength(12);
    expect(schedule.slice(0, 8)).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(retryWindowMs(schedule) / 3_600_000).toBeCloseTo(67.585, 2);
  });

  it('gives the wait before the next attempt, then null once the schedule is used up', () => {
    const schedule = [0, 10, 20];
    expect(delayBeforeNextAttempt(schedule, 0)).toBe(0);
    expect(delayBeforeNextAttempt(schedule, 1)).toBe(10);
    expect(delayBeforeNextAttempt(schedule, 2)).toBe(20);
    expect(delayBeforeNextAttempt(schedule, 3)).toBeNull();
  });
});
