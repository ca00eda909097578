import { DateTime } from 'luxon';
import { InvalidInputError } from '../../common/domain-error.js';

/** The ALLOWED sending window in the recipient's local time, "HH:MM" 24-hour. */
export interface SendWindow {
  start: string;
  end: string;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOf(hhmm: string): number | null {
  const match = HH_MM.exec(hhmm);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/**
 * Refuses, where a window is set (a campaign, the account settings), one whose
 * start equals its end: as written it allows no minute at all.
 */
export function assertWindowNotEmpty(field: string, window: SendWindow | null | undefined): void {
  if (window && window.start === window.end) throw new InvalidInputError(field, 'start and end are equal: the allowed window would be empty');
}

/** Reads campaigns.quiet_hours; anything malformed means "no window" (send any time). */
export function parseSendWindow(value: unknown): SendWindow | null {
  if (typeof value !== 'object' || value === null) return null;
  const { start, end } = value as Record<string, unknown>;
  if (typeof start !== 'string' || typeof end !== 'string') return null;
  if (minutesOf(start) === null || minutesOf(end) === null) return null;
  return { start, end };
}

/**
 * Whether `at` falls inside the window in `zone`. The window includes its start
 * and excludes its end; start > end crosses midnight (22:00-06:00); start = end
 * means all day.
 */
export function isInsideWindow(at: Date, window: SendWindow, zone: string): boolean {
  const start = minutesOf(window.start)!;
  const end = minutesOf(window.end)!;
  if (start === end) return true;
  const local = DateTime.fromJSDate(at, { zone });
  const now = local.hour * 60 + local.minute;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/**
 * The next window start strictly after `at`, in `zone`. Built from the local
 * calendar day so DST days work: on a spring-forward day a start inside the
 * skipped hour becomes the first valid instant after it (luxon moves it forward).
 */
export function nextWindowStart(at: Date, window: SendWindow, zone: string): Date {
  const start = minutesOf(window.start)!;
  const local = DateTime.fromJSDate(at, { zone });
  for (let days = 0; days <= 2; days++) {
    const candidate = local
      .startOf('day')
      .plus({ days })
      .set({ hour: Math.floor(start / 60), minute: start % 60, second: 0, millisecond: 0 });
    if (candidate.toMillis() > at.getTime()) return candidate.toJSDate();
  }
  throw new Error('unreachable: a window start exists within two days');
}

/**
 * When a message may be sent: null if `now` is allowed in every zone, else the
 * earliest later instant that is inside the window in all of them. When the
 * zones' windows never overlap (a narrow window over a wide country) the first
 * zone alone decides.
 */
export function nextAllowedTime(now: Date, window: SendWindow | null, zones: string[]): Date | null {
  if (!window || zones.length === 0) return null;
  if (zones.every((zone) => isInsideWindow(now, window, zone))) return null;
  let candidate = now;
  // Each step jumps to the next start in a zone that rejects the candidate; the
  // candidate only moves forward, so a handful of steps settle it or prove no overlap.
  for (let step = 0; step < zones.length * 4; step++) {
    const rejecting = zones.find((zone) => !isInsideWindow(candidate, window, zone));
    if (!rejecting) return candidate;
    candidate = nextWindowStart(candidate, window, rejecting);
  }
  const first = zones[0];
  return isInsideWindow(now, window, first) ? null : nextWindowStart(now, window, first);
}
