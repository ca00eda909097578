/**
 * The body every delivery of an event sends: `{ type, timestamp, data }`,
 * where data carries what a CRM needs to join the event to its own records.
 * Built once per event by the fan-out from the rows the event names; keys
 * are present (null when unknown) so receivers see one shape per type.
 */

/** One event and the rows it names, as the fan-out reads them (webhook.repository.ts). */
export interface EventSourceRow {
  id: string;
  type: string;
  occurred_at: Date;
  facts: Record<string, unknown>;
  message_id: string | null;
  provider_sid: string | null;
  message_status: string | null;
  variant: string | null;
  segment: string | null;
  error_code: number | null;
  error_message: string | null;
  message_phone: string | null;
  recipient_phone: string | null;
  external_id: string | null;
  campaign_id: string | null;
  campaign_name: string | null;
  campaign_status: string | null;
  completed_at: Date | null;
  recipient_count: number | null;
  suppressed_count: number | null;
  message_links: { code: string; destination: string }[] | null;
  click_id: string | null;
  click_at: Date | null;
  click_class: string | null;
  class_reason: string | null;
  click_source: string | null;
  click_outcome: string | null;
  device_type: string | null;
  os: string | null;
  browser: string | null;
  country: string | null;
  city: string | null;
  click_code: string | null;
  click_destination: string | null;
}

export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** Facts whose key starts with `_` steer the fan-out (a click's class, an opt-out's phone) and stay out of the body. */
function publicFacts(facts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(facts ?? {}).filter(([key]) => !key.startsWith('_')));
}

export function buildPayload(row: EventSourceRow, shortLinkBaseUrl: string): WebhookPayload {
  const shortUrl = (code: string) => `${shortLinkBaseUrl.replace(/\/+$/, '')}/${code}`;
  const data: Record<string, unknown> = {};
  const phone = row.recipient_phone ?? row.message_phone ?? (typeof row.facts?._phone === 'string' ? row.facts._phone : null);
  if (phone) data.recipient = { phone, externalId: row.external_id };
  if (row.campaign_id) {
    data.campaign = row.type === 'campaign.completed'
      ? {
          id: row.campaign_id,
          name: row.campaign_name,
          status: row.campaign_status,
          completedAt: iso(row.completed_at),
          recipients: row.recipient_count,
          suppressed: row.suppressed_count,
        }
      : { id: row.campaign_id, name: row.campaign_name };
  }
  if (row.message_id) {
    data.message = {
      id: row.message_id,
      providerSid: row.provider_sid,
      status: row.message_status,
      variant: row.variant,
      segment: row.segment,
      errorCode: row.error_code,
      errorMessage: row.error_message,
    };
  }
  if (row.click_id && row.click_code) {
    data.link = { code: row.click_code, url: shortUrl(row.click_code), destination: row.click_destination };
    data.click = {
      id: row.click_id,
      occurredAt: iso(row.click_at),
      class: row.click_class,
      classReason: row.class_reason,
      source: row.click_source,
      outcome: row.click_outcome,
      device: row.device_type,
      os: row.os,
      browser: row.browser,
      country: row.country,
      city: row.city,
    };
  } else if (row.message_id) {
    data.links = (row.message_links ?? []).map((link) => ({ code: link.code, url: shortUrl(link.code), destination: link.destination }));
  }
  return { type: row.type, timestamp: iso(row.occurred_at)!, data: { ...data, ...publicFacts(row.facts) } };
}
