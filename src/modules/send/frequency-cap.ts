import { parseSendWindow, type SendWindow } from './quiet-hours.js';

/** An account's frequency cap: at most this many messages per phone in any rolling 24 hours / 7 days; null = no cap. */
export interface FrequencyCap {
  per24Hours: number | null;
  per7Days: number | null;
}

export type FrequencyCapReason = 'frequency_cap_24h' | 'frequency_cap_7d';

/** Messages of the account that went (or are going) to the phone within each rolling window before now. */
export interface RecentSends {
  last24Hours: number;
  last7Days: number;
}

export function hasCap(cap: FrequencyCap): boolean {
  return cap.per24Hours !== null || cap.per7Days !== null;
}

/**
 * Why one more message would break the cap, or null when it may go. The
 * 24-hour reason wins when both are reached: it is the one the marketer can
 * act on soonest (the phone frees up within a day).
 */
export function capReason(recent: RecentSends, cap: FrequencyCap): FrequencyCapReason | null {
  if (cap.per24Hours !== null && recent.last24Hours >= cap.per24Hours) return 'frequency_cap_24h';
  if (cap.per7Days !== null && recent.last7Days >= cap.per7Days) return 'frequency_cap_7d';
  return null;
}

/**
 * The allowed sending window for one campaign's messages: the campaign's own
 * window wins; a campaign that left quietHours out inherits the account's;
 * one created with quietHours: null opted out and is never held.
 */
export function effectiveSendWindow(campaign: { quietHours: unknown; inheritQuietHours: boolean }, accountQuietHours: unknown): SendWindow | null {
  const own = parseSendWindow(campaign.quietHours);
  if (own) return own;
  return campaign.inheritQuietHours ? parseSendWindow(accountQuietHours) : null;
}
