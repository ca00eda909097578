import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

/**
 * Application metrics on a registry of this app instance (not prom-client's
 * global one, so several apps in one process, as in tests, never collide).
 * Features increment these; MetricsController serves /metrics.
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
}
