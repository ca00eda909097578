import type { LinkOutcome } from '../link/link-target.js';

export type ClickSource = 'link' | 'qr';

/**
 * A request to a tracked link as the redirect saw it, written to the click
 * stream before the redirect answers. Raw on purpose: parsing the user agent,
 * the geo lookup and classification happen in the ingest consumer, off the
 * hot path. The IP is the full client address; it is anonymised when stored.
 */
export interface ClickEvent {
  /** Minted by the redirect; PostgreSQL dedupes on it, so a replayed event is stored once. */
  id: string;
  code: string;
  accountId: string;
  campaignId: string;
  messageId: string;
  occurredAtMs: number;
  method: string;
  source: ClickSource;
  outcome: LinkOutcome;
  ip: string | null;
  userAgent: string | null;
  referrer: string | null;
  acceptLanguage: string | null;
}

/** Bounds on what a request may put into Redis and PostgreSQL: headers are attacker-controlled. */
export const ClickTextLimits = {
  userAgent: 512,
  referrer: 1024,
  acceptLanguage: 128,
} as const;

/** One stream entry field holding the event as JSON: one string to write, one to parse. */
export const CLICK_EVENT_FIELD = 'e';

export function encodeClickEvent(event: ClickEvent): string {
  return JSON.stringify(event);
}

/** The event in a stream entry, or null for an entry this version cannot read (it is acknowledged and logged). */
export function decodeClickEvent(fields: readonly string[]): ClickEvent | null {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] !== CLICK_EVENT_FIELD) continue;
    try {
      const event = JSON.parse(fields[i + 1]) as Partial<ClickEvent>;
      return isClickEvent(event) ? event : null;
    } catch {
      return null;
    }
  }
  return null;
}

function isClickEvent(event: Partial<ClickEvent>): event is ClickEvent {
  return (
    typeof event.id === 'string' &&
    typeof event.code === 'string' &&
    typeof event.messageId === 'string' &&
    typeof event.campaignId === 'string' &&
    typeof event.accountId === 'string' &&
    typeof event.occurredAtMs === 'number' &&
    typeof event.method === 'string' &&
    (event.source === 'link' || event.source === 'qr') &&
    (event.outcome === 'redirected' || event.outcome === 'expired' || event.outcome === 'disabled')
  );
}
