import type { AppConfig } from '../../config/app-config.js';
import { appRedisKey } from '../../queue/hot-path-redis.js';
import type { ClickRow } from './click-row.js';

/**
 * A stored click as the live feed shows it: what the marketer needs to see a
 * tap happen, nothing that identifies the recipient (no IP, no phone, no
 * user agent, and only the first characters of the link code, which is the
 * recipient's bearer token).
 */
export interface LiveClick {
  id: string;
  occurredAt: string;
  source: 'link' | 'qr';
  clickClass: 'human' | 'preview' | 'scanner';
  classReason: string;
  deviceType: string;
  os: string | null;
  browser: string | null;
  country: string | null;
  variant: string | null;
  code: string;
}

/** Characters of a short code the feed shows; the rest become asterisks. */
export const VISIBLE_CODE_CHARS = 3;

export function maskCode(code: string): string {
  return code.slice(0, VISIBLE_CODE_CHARS) + '*'.repeat(Math.max(0, code.length - VISIBLE_CODE_CHARS));
}

/** The Redis pub/sub channel of one campaign's live clicks (under the app's key prefix, like every key it writes). */
export function liveClickChannel(config: Pick<AppConfig, 'QUEUE_PREFIX'>, campaignId: string): string {
  return appRedisKey(config as AppConfig, 'live-clicks', campaignId);
}

/** The campaign id a channel belongs to, or null for a channel that is not a live-click channel of this prefix. */
export function campaignOfChannel(config: Pick<AppConfig, 'QUEUE_PREFIX'>, channel: string): string | null {
  const prefix = liveClickChannel(config, '');
  return channel.startsWith(prefix) && channel.length > prefix.length ? channel.slice(prefix.length) : null;
}

export function toLiveClick(row: ClickRow, variant: string | null): LiveClick {
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    source: row.source,
    clickClass: row.clickClass,
    classReason: row.classReason,
    deviceType: row.deviceType,
    os: row.os,
    browser: row.browser,
    country: row.country,
    variant,
    code: maskCode(row.code),
  };
}

/**
 * The newly stored clicks of a batch grouped by campaign, each group one
 * pub/sub message (a JSON array): a batch of a thousand clicks of one
 * campaign is one PUBLISH, not a thousand. Replayed events (not newly stored)
 * are left out, so the feed shows each click once.
 */
export function liveClickMessages(rows: readonly ClickRow[], stored: ReadonlyMap<string, string | null>): Map<string, string> {
  const byCampaign = new Map<string, LiveClick[]>();
  for (const row of rows) {
    if (!stored.has(row.id)) continue;
    let list = byCampaign.get(row.campaignId);
    if (!list) byCampaign.set(row.campaignId, (list = []));
    list.push(toLiveClick(row, stored.get(row.id) ?? null));
  }
  return new Map([...byCampaign].map(([campaignId, clicks]) => [campaignId, JSON.stringify(clicks)]));
}

/** The clicks of one pub/sub message; an unreadable message is none. */
export function parseLiveClicks(message: string): LiveClick[] {
  try {
    const parsed: unknown = JSON.parse(message);
    return Array.isArray(parsed) ? parsed.filter((c): c is LiveClick => typeof c === 'object' && c !== null && typeof c.id === 'string') : [];
  } catch {
    return [];
  }
}
