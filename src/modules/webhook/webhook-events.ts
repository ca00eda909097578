/**
 * Event types an endpoint can subscribe to (api.md lists the first eight;
 * `webhook_endpoint.disabled` tells the account one of its endpoints was
 * switched off). Never rename one: receivers switch on these strings.
 */
export const WEBHOOK_EVENT_TYPES = [
  'message.sent',
  'message.delivered',
  'message.failed',
  'link.clicked',
  'recipient.opted_out',
  'recipient.opted_in',
  'conversion.created',
  'campaign.completed',
  'webhook_endpoint.disabled',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent by POST /v1/webhook-endpoints/{id}/test to that endpoint only, whatever it subscribes to. */
export const TEST_EVENT_TYPE = 'webhook.test';

/** Why an endpoint was switched off. */
export type DisabledReason = 'gone' | 'failing';
