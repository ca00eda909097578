import type { JobsOptions } from 'bullmq';

/**
 * Queue names. NEVER rename one: jobs already waiting in Redis under the old
 * name would be stranded.
 */
export const Queues = {
  /** Materialises a launched campaign: messages, links, send jobs. */
  launch: 'launch',
  /** One job per message: hands it to the SMS provider. */
  send: 'send',
  /** Periodic sweeps: messages stuck in `sending`, campaign completion. */
  maintenance: 'maintenance',
  /** One job per attempt of an outbound webhook delivery (CRM webhooks). */
  webhookDelivery: 'webhook-delivery',
} as const;
export type QueueName = (typeof Queues)[keyof typeof Queues];

/**
 * Repeatable sweep of messages stuck in `sending` (send module). Its own queue
 * because BullMQ gives every job of a queue to any of its workers: a second
 * @Processor on `maintenance` would take the campaign module's jobs. Kept out
 * of `Queues` (whose entries are the work queues reported in /metrics and /health).
 */
export const SEND_RECONCILE_QUEUE = 'send-reconcile';

/** Repeatable fold of the stats deltas into their cells (analytics module); its own queue for the same reason. */
export const ANALYTICS_MAINTENANCE_QUEUE = 'analytics-maintenance';

/**
 * Repeatable fan-out of the webhook outbox (events -> deliveries) and sweep of
 * overdue deliveries. Its own queue for the same reason as SEND_RECONCILE_QUEUE.
 */
export const WEBHOOK_FANOUT_QUEUE = 'webhook-fanout';

export const JobNames = {
  launchCampaign: 'launch-campaign',
  sendMessage: 'send-message',
  reconcileSending: 'reconcile-sending',
  completeCampaigns: 'complete-campaigns',
  foldStatDeltas: 'fold-stat-deltas',
  deliverWebhook: 'deliver-webhook',
  fanOutWebhooks: 'fan-out-webhooks',
} as const;

export interface DeliverWebhookJob {
  deliveryId: string;
}

/**
 * One job per scheduled attempt: `webhook-<delivery id>-a<attempts made>`, so
 * the fan-out, the failure that schedules the next attempt and the sweep that
 * recovers a lost job all add the same id (a no-op while it exists). A manual
 * retry adds its own id (`-m<time>`); the delivery's state, not the job id,
 * decides whether an attempt runs.
 */
export function webhookJobId(deliveryId: string, attemptsMade: number | { manualAt: number }): string {
  return typeof attemptsMade === 'number' ? `webhook-${deliveryId}-a${attemptsMade}` : `webhook-${deliveryId}-m${attemptsMade.manualAt}`;
}

export interface LaunchCampaignJob {
  campaignId: string;
}

export interface SendMessageJob {
  messageId: string;
}

/**
 * BullMQ refuses custom ids containing ':' and ids that look like integers, so
 * ids are `<kind>-<entity id>`. The same entity always gets the same job id,
 * which makes a repeated enqueue a no-op while the job exists.
 */
export function jobIdFor(kind: 'launch' | 'send', entityId: string): string {
  return `${kind}-${entityId}`;
}

/** Transient failures retry with exponential backoff; finished jobs are trimmed. */
export function defaultJobOptions(overrides: JobsOptions = {}): JobsOptions {
  return {
    attempts: 8,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
    ...overrides,
  };
}
