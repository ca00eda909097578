import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DomainError, InvalidInputError } from '../../common/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import type { WebhookDelivery, WebhookEndpoint } from '../../generated/prisma/client.js';
import { DeliverWebhookJob, JobNames, Queues, webhookJobId } from '../../queue/queues.js';
import type { CreateWebhookEndpointDto, UpdateWebhookEndpointDto, WebhookDeliveriesQuery } from './dto/webhook-endpoint.dto.js';
import type { WebhookDeliveryDetailView, WebhookDeliveryPageView, WebhookDeliveryView, WebhookEndpointView, WebhookEndpointWithSecretView } from './dto/webhook.view.js';
import { generateSecret, PREVIOUS_SECRET_VALID_MS } from './signing.js';
import { resolveTarget, TargetRefusedError, urlProblem } from './target-policy.js';
import { deliveryJobOptions } from './webhook-delivery.service.js';
import { TEST_EVENT_TYPE } from './webhook-events.js';
import { DeliveryWithEvent, WebhookRepository } from './webhook.repository.js';
import { isoOrNull } from '../../common/iso-date.js';

/** A create or update does not wait longer than this for DNS; the delivery checks the address again anyway. */
const CREATE_DNS_TIMEOUT_MS = 3_000;

/** Webhook endpoints of an account: CRUD, secret rotation, test events, the delivery log and manual retries. */
@Injectable()
export class WebhookEndpointService {
  constructor(
    private readonly repository: WebhookRepository,
    private readonly config: AppConfig,
    @InjectQueue(Queues.webhookDelivery) private readonly queue: Queue<DeliverWebhookJob>,
  ) {}

  async create(accountId: string, dto: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecretView> {
    await this.checkTarget(dto.url);
    const endpoint = await this.repository.createEndpoint(accountId, {
      url: dto.url,
      events: dto.events,
      description: dto.description ?? null,
      includeBotClicks: dto.includeBotClicks ?? false,
      secret: generateSecret(),
    });
    return { ...endpointView(endpoint), secret: endpoint.secret };
  }

  async list(accountId: string): Promise<WebhookEndpointView[]> {
    return (await this.repository.listEndpoints(accountId)).map(endpointView);
  }

  async get(accountId: string, id: string): Promise<WebhookEndpointView> {
    return endpointView(await this.endpoint(accountId, id));
  }

  async update(accountId: string, id: string, dto: UpdateWebhookEndpointDto): Promise<WebhookEndpointView> {
    await this.endpoint(accountId, id);
    if (dto.url !== undefined) await this.checkTarget(dto.url);
    const updated = await this.repository.updateEndpoint(accountId, id, dto);
    if (!updated) throw notFound('endpoint', id);
    return endpointView(updated);
  }

  async rotateSecret(accountId: string, id: string): Promise<WebhookEndpointWithSecretView> {
    const rotated = await this.repository.rotateSecret(accountId, id, generateSecret(), new Date(Date.now() + PREVIOUS_SECRET_VALID_MS));
    if (!rotated) throw notFound('endpoint', id);
    return { ...endpointView(rotated), secret: rotated.secret };
  }

  async remove(accountId: string, id: string): Promise<void> {
    if (!(await this.repository.deleteEndpoint(accountId, id))) throw notFound('endpoint', id);
  }

  /** A webhook.test event to this endpoint alone, delivered like any other (signed, logged, retried). */
  async sendTest(accountId: string, id: string): Promise<WebhookDeliveryView> {
    const endpoint = await this.endpoint(accountId, id);
    if (!endpoint.enabled) throw disabledError(id);
    const timestamp = new Date().toISOString();
    const delivery = await this.repository.createDirectEvent(
      accountId,
      id,
      TEST_EVENT_TYPE,
      JSON.stringify({ type: TEST_EVENT_TYPE, timestamp, data: { endpoint: { id: endpoint.id, url: endpoint.url }, note: 'A test event sent on request.' } }),
    );
    await this.queue.add(JobNames.deliverWebhook, { deliveryId: delivery.id }, deliveryJobOptions(webhookJobId(delivery.id, 0)));
    return this.delivery(accountId, delivery.id);
  }

  async deliveries(accountId: string, endpointId: string, query: WebhookDeliveriesQuery): Promise<WebhookDeliveryPageView> {
    await this.endpoint(accountId, endpointId);
    const limit = query.limit ?? 50;
    if (query.cursor && !(await this.repository.findDelivery(accountId, query.cursor))) {
      throw new InvalidInputError('cursor', 'is not a delivery of this endpoint');
    }
    const rows = await this.repository.listDeliveries(accountId, endpointId, { status: query.status, eventType: query.eventType, cursor: query.cursor, limit });
    return { deliveries: rows.map(deliveryView), nextCursor: rows.length === limit ? rows[rows.length - 1].id : null };
  }

  /** One delivery with every attempt made. */
  async deliveryDetail(accountId: string, id: string): Promise<WebhookDeliveryDetailView> {
    const delivery = await this.delivery(accountId, id);
    const attempts = await this.repository.attemptsOf(id);
    return {
      ...delivery,
      attemptLog: attempts.map((a) => ({
        attempt: a.attempt,
        startedAt: a.startedAt.toISOString(),
        statusCode: a.statusCode,
        latencyMs: a.latencyMs,
        error: a.error,
        responseBody: a.responseBody,
      })),
    };
  }

  /** Makes one more attempt now, whatever the delivery's state (a succeeded one is replayed, with the same webhook-id). */
  async retry(accountId: string, deliveryId: string): Promise<WebhookDeliveryView> {
    const due = await this.repository.makeDueNow(accountId, deliveryId);
    if (due === null) throw notFound('delivery', deliveryId);
    if (due === 'endpoint_disabled') throw disabledError(deliveryId, 'its endpoint');
    await this.queue.add(JobNames.deliverWebhook, { deliveryId }, deliveryJobOptions(webhookJobId(deliveryId, { manualAt: Date.now() })));
    return this.delivery(accountId, deliveryId);
  }

  private async delivery(accountId: string, id: string): Promise<WebhookDeliveryView> {
    const delivery = await this.repository.findDelivery(accountId, id);
    if (!delivery) throw notFound('delivery', id);
    return deliveryView(delivery);
  }

  private async endpoint(accountId: string, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.repository.findEndpoint(accountId, id);
    if (!endpoint) throw notFound('endpoint', id);
    return endpoint;
  }

  /**
   * http(s) only, and unless WEBHOOK_ALLOW_PRIVATE_TARGETS a host that is, or
   * resolves only to, public addresses. A name that does not resolve yet is
   * accepted: every delivery resolves and checks it again.
   */
  private async checkTarget(url: string): Promise<void> {
    const problem = urlProblem(url);
    if (problem) throw new InvalidInputError('url', problem, 'invalid_webhook_url');
    if (this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS) return;
    const hostname = new URL(url).hostname;
    try {
      await Promise.race([
        resolveTarget(hostname, false),
        new Promise((resolve) => setTimeout(resolve, CREATE_DNS_TIMEOUT_MS).unref()),
      ]);
    } catch (error) {
      if (error instanceof TargetRefusedError) throw new InvalidInputError('url', error.message, 'webhook_target_refused');
    }
  }
}

function notFound(what: 'endpoint' | 'delivery', id: string): DomainError {
  return new DomainError('not_found', `webhook_${what}_not_found`, `Webhook ${what} ${id} not found`);
}

function disabledError(id: string, what = 'webhook endpoint'): DomainError {
  return new DomainError('conflict', 'webhook_endpoint_disabled', `${id}: ${what} is disabled; enable it with PATCH /v1/webhook-endpoints/{id} {"enabled": true}`);
}

export function endpointView(endpoint: WebhookEndpoint): WebhookEndpointView {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events,
    includeBotClicks: endpoint.includeBotClicks,
    enabled: endpoint.enabled,
    disabledAt: isoOrNull(endpoint.disabledAt),
    disabledReason: endpoint.disabledReason,
    failingSince: isoOrNull(endpoint.failingSince),
    previousSecretExpiresAt: endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date() ? isoOrNull(endpoint.previousSecretExpiresAt) : null,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

export function deliveryView(delivery: DeliveryWithEvent | (WebhookDelivery & { event?: undefined })): WebhookDeliveryView {
  const payload = delivery.event?.payload;
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    lastAttemptAt: isoOrNull(delivery.lastAttemptAt),
    lastStatusCode: delivery.lastStatusCode,
    lastLatencyMs: delivery.lastLatencyMs,
    lastError: delivery.lastError,
    lastResponseBody: delivery.lastResponseBody,
    nextAttemptAt: delivery.status === 'pending' ? isoOrNull(delivery.nextAttemptAt) : null,
    succeededAt: isoOrNull(delivery.succeededAt),
    createdAt: delivery.createdAt.toISOString(),
    payload: payload ? (JSON.parse(payload) as unknown) : null,
  };
}
