import type { ClickEvent } from './click-event.js';
import { ClickTextLimits } from './click-event.js';
import { classifyClick } from './enrichment/click-classifier.js';
import { anonymiseIp, capText, normaliseIp, referrerHost } from './enrichment/client-ip.js';
import { describeUserAgent } from './enrichment/user-agent.js';

/** A click as stored: the event plus everything derived from it. */
export interface ClickRow {
  id: string;
  code: string;
  accountId: string;
  campaignId: string;
  messageId: string;
  source: ClickEvent['source'];
  outcome: ClickEvent['outcome'];
  clickClass: 'human' | 'preview' | 'scanner';
  classReason: string;
  timingSignal: boolean;
  secondsSinceDelivery: number | null;
  method: string;
  occurredAt: Date;
  ip: string | null;
  userAgent: string | null;
  referrer: string | null;
  referrerHost: string | null;
  acceptLanguage: string | null;
  deviceType: string;
  os: string | null;
  osVersion: string | null;
  browser: string | null;
  browserVersion: string | null;
  country: string | null;
  city: string | null;
}

export interface EnrichmentSettings {
  ipStorage: 'truncate' | 'full' | 'none';
  timingSignalSeconds: number;
  /** Country and city of an IP; called before the IP is anonymised. */
  locate: (ip: string) => { country: string | null; city: string | null };
}

/**
 * Classifies and enriches one click. `deliveredAt` is the message's delivery
 * receipt time as PostgreSQL has it when the click is persisted (null before
 * the receipt).
 */
export function enrichClick(event: ClickEvent, deliveredAt: Date | null, settings: EnrichmentSettings): ClickRow {
  const secondsSinceDelivery = deliveredAt ? (event.occurredAtMs - deliveredAt.getTime()) / 1000 : null;
  const userAgent = capText(event.userAgent, ClickTextLimits.userAgent);
  const verdict = classifyClick({ method: event.method, userAgent, secondsSinceDelivery }, settings.timingSignalSeconds);
  const ip = event.ip ? normaliseIp(event.ip) : null;
  const location = ip ? settings.locate(ip) : { country: null, city: null };
  const referrer = capText(event.referrer, ClickTextLimits.referrer);
  return {
    id: event.id,
    code: event.code,
    accountId: event.accountId,
    campaignId: event.campaignId,
    messageId: event.messageId,
    source: event.source,
    outcome: event.outcome,
    clickClass: verdict.clickClass,
    classReason: verdict.reason,
    timingSignal: verdict.timingSignal,
    secondsSinceDelivery,
    method: event.method.slice(0, 8),
    occurredAt: new Date(event.occurredAtMs),
    ip: ip ? anonymiseIp(ip, settings.ipStorage) : null,
    userAgent,
    referrer,
    referrerHost: referrerHost(referrer),
    acceptLanguage: capText(event.acceptLanguage, ClickTextLimits.acceptLanguage),
    ...describeUserAgent(userAgent),
    country: location.country,
    city: location.city,
  };
}
