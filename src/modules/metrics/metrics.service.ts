import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Request durations from 1 ms (redirects) to 10 s (large CSV imports). */
const HTTP_DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Application metrics on a registry of this app instance (not prom-client's
 * global one, so several apps in one process, as in tests, never collide).
 * Features increment these; MetricsController serves /metrics. Queue depth
 * gauges are added by QueueDepthGauge, read at scrape time.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  /** outcome: sent | failed | suppressed | retried | cancelled */
  readonly messagesSent = new Counter({
    name: 'smslinks_send_attempts_total',
    help: 'Send attempts by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  /** Messages skipped for good at send time, never offered to the provider; reason: frequency_cap_24h | frequency_cap_7d */
  readonly sendsSkipped = new Counter({
    name: 'smslinks_send_skipped_total',
    help: 'Messages skipped at send time by reason (account frequency caps)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  /** kind: status | inbound; outcome: accepted | rejected_signature | ignored */
  readonly providerWebhooks = new Counter({
    name: 'smslinks_provider_webhooks_total',
    help: 'Provider webhooks received',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });

  /** Errors by place (send, launch, webhook, ...). */
  readonly errors = new Counter({
    name: 'smslinks_errors_total',
    help: 'Errors by where they happened',
    labelNames: ['where'] as const,
    registers: [this.registry],
  });

  /** route is the route pattern (`/v1/campaigns/:id`), never the raw URL, so label cardinality stays bounded. */
  readonly httpRequestDuration = new Histogram({
    name: 'smslinks_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_DURATION_BUCKETS,
    registers: [this.registry],
  });

  /** status: 302 | 404 | 410 | 429 | 503; source: link | qr. */
  readonly redirects = new Counter({
    name: 'smslinks_redirects_total',
    help: 'Short-link requests answered, by status and source',
    labelNames: ['status', 'source'] as const,
    registers: [this.registry],
  });

  /** A click the redirect answered but could not write to the click stream (Redis unavailable). */
  readonly clickCaptureFailures = new Counter({
    name: 'smslinks_click_capture_failures_total',
    help: 'Clicks answered but not captured because Redis refused the event',
    registers: [this.registry],
  });

  /** Clicks persisted to PostgreSQL by the ingest consumer (duplicates of already stored events excluded). */
  readonly clicksPersisted = new Counter({
    name: 'smslinks_clicks_persisted_total',
    help: 'Click events persisted by class',
    labelNames: ['class'] as const,
    registers: [this.registry],
  });

  /**
   * Outbound webhook delivery attempts by outcome: succeeded | retrying (failed, another attempt scheduled) |
   * exhausted (failed, schedule used up) | gone (410, endpoint disabled) | disabled (failing too long, endpoint disabled).
   */
  readonly webhookDeliveries = new Counter({
    name: 'smslinks_webhook_deliveries_total',
    help: 'Outbound webhook delivery attempts by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  /** Outbound webhook events fanned out to endpoints, and the deliveries that made. */
  readonly webhookFanOut = new Counter({
    name: 'smslinks_webhook_fanout_total',
    help: 'Outbound webhook events fanned out (kind=event) and deliveries created (kind=delivery)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Process metrics (CPU, memory, event loop lag, GC, handles) on this registry only.
    collectDefaultMetrics({ register: this.registry });
  }

  /** The Prometheus text exposition of every metric, queue gauges collected now. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
