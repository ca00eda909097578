import { Injectable } from '@nestjs/common';
import { Prisma, type WebhookDelivery, type WebhookEndpoint } from '../../generated/prisma/client.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import type { DisabledReason } from './webhook-events.js';
import type { EventSourceRow } from './webhook-payload.js';
import { WebhookEventPublisher } from './webhook-event.publisher.js';

/** Prisma's 5 s default is tight for 500 events under load; a slower batch is still better committed than retried. */
const FAN_OUT_TRANSACTION = { timeout: 60_000, maxWait: 10_000 };

export interface NewEndpoint {
  url: string;
  events: string[];
  description?: string | null;
  includeBotClicks?: boolean;
  secret: string;
}

export interface EndpointPatch {
  url?: string;
  events?: string[];
  description?: string | null;
  includeBotClicks?: boolean;
  enabled?: boolean;
}

export interface DeliveryFilter {
  status?: string;
  eventType?: string;
  /** Delivery id: the page starts after it (newest first). */
  cursor?: string;
  limit: number;
}

/** What one delivery attempt needs, read when the attempt is claimed. */
export interface ClaimedDelivery {
  id: string;
  attempts: number;
  eventId: string;
  payload: string;
  endpointId: string;
  accountId: string;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  failingSince: Date | null;
}

export interface AttemptRecord {
  startedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseBody: string | null;
}

export type DeliveryWithEvent = WebhookDelivery & { event: { type: string; occurredAt: Date; payload: string | null } };

/**
 * The webhook tables. Every API read and write names the account, so another
 * account's ids are simply not found; the worker methods work by id.
 */
@Injectable()
export class WebhookRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly events: WebhookEventPublisher,
  ) {}

  createEndpoint(accountId: string, endpoint: NewEndpoint): Promise<WebhookEndpoint> {
    return this.prisma.webhookEndpoint.create({ data: { accountId, ...endpoint } });
  }

  listEndpoints(accountId: string): Promise<WebhookEndpoint[]> {
    return this.prisma.webhookEndpoint.findMany({ where: { accountId }, orderBy: { createdAt: 'asc' } });
  }

  findEndpoint(accountId: string, id: string): Promise<WebhookEndpoint | null> {
    return this.prisma.webhookEndpoint.findFirst({ where: { id, accountId } });
  }

  /** Enabling (again) clears the disabled and failing state: the endpoint starts afresh. */
  async updateEndpoint(accountId: string, id: string, patch: EndpointPatch): Promise<WebhookEndpoint | null> {
    const reset = patch.enabled === true ? { disabledAt: null, disabledReason: null, failingSince: null } : {};
    const off = patch.enabled === false ? { disabledAt: new Date(), disabledReason: null } : {};
    const { count } = await this.prisma.webhookEndpoint.updateMany({ where: { id, accountId }, data: { ...patch, ...reset, ...off } });
    if (count === 0) return null;
    if (patch.enabled === false) await this.cancelPending(this.prisma, id);
    return this.findEndpoint(accountId, id);
  }

  async rotateSecret(accountId: string, id: string, secret: string, previousExpiresAt: Date): Promise<WebhookEndpoint | null> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE webhook_endpoints
         SET previous_secret = secret, previous_secret_expires_at = ${previousExpiresAt}, secret = ${secret}, updated_at = now()
       WHERE id = ${id}::uuid AND account_id = ${accountId}::uuid
      RETURNING id`;
    return rows.length ? this.findEndpoint(accountId, id) : null;
  }

  async deleteEndpoint(accountId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.webhookEndpoint.deleteMany({ where: { id, accountId } });
    return count > 0;
  }

  listDeliveries(accountId: string, endpointId: string, filter: DeliveryFilter): Promise<DeliveryWithEvent[]> {
    return this.prisma.webhookDelivery.findMany({
      where: {
        accountId,
        endpointId,
        ...(filter.status ? { status: filter.status as WebhookDelivery['status'] } : {}),
        ...(filter.eventType ? { eventType: filter.eventType } : {}),
      },
      include: { event: { select: { type: true, occurredAt: true, payload: true } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: filter.limit,
      ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    });
  }

  findDelivery(accountId: string, id: string): Promise<DeliveryWithEvent | null> {
    return this.prisma.webhookDelivery.findFirst({
      where: { id, accountId },
      include: { event: { select: { type: true, occurredAt: true, payload: true } } },
    });
  }

  /** Makes a delivery due now (whatever its state) for a manual retry; null when unknown or its endpoint is disabled. */
  async makeDueNow(accountId: string, id: string): Promise<{ id: string; attempts: number } | null | 'endpoint_disabled'> {
    const delivery = await this.prisma.webhookDelivery.findFirst({ where: { id, accountId }, include: { endpoint: { select: { enabled: true } } } });
    if (!delivery) return null;
    if (!delivery.endpoint.enabled) return 'endpoint_disabled';
    const rows = await this.prisma.$queryRaw<{ id: string; attempts: number }[]>`
      UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now()
       WHERE id = ${id}::uuid AND account_id = ${accountId}::uuid
      RETURNING id, attempts`;
    return rows[0] ?? null;
  }

  /** A webhook.test event for one endpoint, written already fanned out with its single delivery. */
  async createDirectEvent(accountId: string, endpointId: string, type: string, payload: string): Promise<WebhookDelivery> {
    return this.prisma.$transaction(async (tx) => {
      const event = await tx.webhookEvent.create({ data: { accountId, type, payload, fannedOutAt: new Date() } });
      return tx.webhookDelivery.create({
        data: { eventId: event.id, endpointId, accountId, eventType: type, nextAttemptAt: new Date() },
      });
    });
  }

  /**
   * Fan-out of up to `limit` new events, in one transaction: the events are
   * locked (SKIP LOCKED, so several workers share the backlog), `build` turns
   * their source rows into payloads, stored once, and one delivery per
   * subscribed enabled endpoint is created. Returns the new deliveries.
   */
  async fanOut(limit: number, firstDelayMs: number, build: (rows: EventSourceRow[]) => Map<string, string>): Promise<{ id: string; attempts: number; delayMs: number }[]> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM webhook_events WHERE fanned_out_at IS NULL ORDER BY created_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
      if (locked.length === 0) return [];
      const ids = locked.map((row) => row.id);
      const sources = await tx.$queryRaw<EventSourceRow[]>`
        SELECT e.id, e.type, e.occurred_at, e.facts,
               m.id AS message_id, m.provider_sid, m.status::text AS message_status, m.variant, m.segment,
               m.error_code, m.error_message, m.phone AS message_phone,
               r.phone AS recipient_phone, r.external_id,
               c.id AS campaign_id, c.name AS campaign_name, c.status::text AS campaign_status, c.completed_at,
               c.recipient_count, c.suppressed_count,
               (SELECT json_agg(json_build_object('code', ml.code, 'destination', ml.destination) ORDER BY ml.position)
                  FROM links ml WHERE ml.message_id = m.id) AS message_links,
               k.id AS click_id, k.occurred_at AS click_at, k.click_class::text AS click_class, k.class_reason,
               k.source::text AS click_source, k.outcome::text AS click_outcome, k.device_type, k.os, k.browser,
               k.country, k.city, k.code AS click_code, l.destination AS click_destination
          FROM webhook_events e
          LEFT JOIN clicks k ON k.id = e.click_id
          LEFT JOIN messages m ON m.id = COALESCE(e.message_id, k.message_id)
          LEFT JOIN campaigns c ON c.id = COALESCE(e.campaign_id, m.campaign_id)
          LEFT JOIN recipients r ON r.account_id = e.account_id AND r.phone = COALESCE(m.phone, e.facts->>'_phone')
          LEFT JOIN links l ON l.code = k.code
         WHERE e.id = ANY(${ids}::uuid[])`;
      const payloads = build(sources);
      const payloadIds = [...payloads.keys()];
      await tx.$executeRaw`
        UPDATE webhook_events e SET payload = p.payload, fanned_out_at = now()
          FROM unnest(${payloadIds}::uuid[], ${payloadIds.map((id) => payloads.get(id)!)}::text[]) AS p(id, payload)
         WHERE e.id = p.id`;
      return tx.$queryRaw<{ id: string; attempts: number; delayMs: number }[]>`
        INSERT INTO webhook_deliveries (event_id, endpoint_id, account_id, event_type, next_attempt_at)
        SELECT e.id, w.id, e.account_id, e.type, now() + ${firstDelayMs} * interval '1 millisecond'
          FROM webhook_events e
          JOIN webhook_endpoints w ON w.account_id = e.account_id AND w.enabled AND e.type = ANY(w.events)
         WHERE e.id = ANY(${ids}::uuid[])
           AND (e.type <> 'link.clicked' OR w.include_bot_clicks OR e.facts->>'_clickClass' = 'human')
        ON CONFLICT (event_id, endpoint_id) DO NOTHING
        RETURNING id, attempts, ${firstDelayMs}::int AS "delayMs"`;
    }, FAN_OUT_TRANSACTION);
  }

  /**
   * Takes a due delivery for one attempt: counts the attempt and sets a lease
   * (next_attempt_at) after which the sweep would try again if this worker
   * died. Null when it is not due (already attempted, succeeded, cancelled)
   * or its endpoint is disabled or gone.
   */
  async claim(deliveryId: string, leaseMs: number): Promise<ClaimedDelivery | null> {
    const rows = await this.prisma.$queryRaw<ClaimedDelivery[]>`
      UPDATE webhook_deliveries d
         SET attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
        FROM webhook_endpoints w, webhook_events e
       WHERE d.id = ${deliveryId}::uuid AND d.status = 'pending' AND d.next_attempt_at <= now() + interval '1 second'
         AND w.id = d.endpoint_id AND w.enabled AND e.id = d.event_id AND e.payload IS NOT NULL
      RETURNING d.id, d.attempts, d.event_id AS "eventId", e.payload, w.id AS "endpointId", w.account_id AS "accountId", w.url,
                w.secret, w.previous_secret AS "previousSecret", w.previous_secret_expires_at AS "previousSecretExpiresAt",
                w.failing_since AS "failingSince"`;
    return rows[0] ?? null;
  }

  /** A 2xx: the delivery is done and the endpoint is healthy again. */
  async recordSuccess(delivery: ClaimedDelivery, attempt: AttemptRecord): Promise<void> {
    await this.prisma.$transaction([
      this.insertAttempt(delivery, attempt),
      this.prisma.$executeRaw`
        UPDATE webhook_deliveries
           SET status = 'succeeded', succeeded_at = now(), next_attempt_at = NULL, ${attemptColumns(attempt)}
         WHERE id = ${delivery.id}::uuid`,
      this.prisma.$executeRaw`
        UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ${delivery.endpointId}::uuid AND failing_since IS NOT NULL`,
    ]);
  }

  /**
   * A failed attempt: the next one `nextInMs` from now (database time, the
   * clock claim() compares with), or failed for good when null. Starts the
   * endpoint's failing streak if none is running; returns when it started.
   */
  async recordFailure(delivery: ClaimedDelivery, attempt: AttemptRecord, nextInMs: number | null): Promise<Date> {
    const [, , streak] = await this.prisma.$transaction([
      this.insertAttempt(delivery, attempt),
      this.prisma.$executeRaw`
        UPDATE webhook_deliveries
           SET status = ${nextInMs === null ? 'failed' : 'pending'}::webhook_delivery_status,
               next_attempt_at = now() + ${nextInMs}::int * interval '1 millisecond',
               ${attemptColumns(attempt)}
         WHERE id = ${delivery.id}::uuid`,
      this.prisma.$queryRaw<{ failing_since: Date }[]>`
        UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, now())
         WHERE id = ${delivery.endpointId}::uuid
        RETURNING failing_since`,
    ]);
    return streak[0]?.failing_since ?? new Date();
  }

  /**
   * Switches an endpoint off (410, or failing for the whole window): its
   * pending deliveries are cancelled and `webhook_endpoint.disabled` goes to
   * the account's other endpoints subscribed to it, in one transaction.
   * False when it was already off.
   */
  async disableEndpoint(endpointId: string, reason: DisabledReason): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string; accountId: string; url: string; description: string | null; disabledAt: Date }[]>`
        UPDATE webhook_endpoints SET enabled = false, disabled_at = now(), disabled_reason = ${reason}, updated_at = now()
         WHERE id = ${endpointId}::uuid AND enabled
        RETURNING id, account_id AS "accountId", url, description, disabled_at AS "disabledAt"`;
      const endpoint = rows[0];
      if (!endpoint) return false;
      await this.cancelPending(tx, endpointId);
      const { accountId, ...described } = endpoint;
      await this.events.publish(tx, accountId, 'webhook_endpoint.disabled', { endpoint: { ...described, disabledReason: reason } });
      return true;
    });
  }

  /** Pending deliveries whose attempt is overdue: their job was lost (Redis) or their worker died mid-attempt. */
  async overdue(olderThanMs: number, limit: number): Promise<{ id: string; attempts: number }[]> {
    return this.prisma.$queryRaw<{ id: string; attempts: number }[]>`
      SELECT id, attempts FROM webhook_deliveries
       WHERE status = 'pending' AND next_attempt_at < now() - ${olderThanMs} * interval '1 millisecond'
       ORDER BY next_attempt_at LIMIT ${limit}`;
  }

  private insertAttempt(delivery: ClaimedDelivery, attempt: AttemptRecord) {
    return this.prisma.$executeRaw`
      INSERT INTO webhook_delivery_attempts (delivery_id, attempt, started_at, status_code, latency_ms, error, response_body)
      VALUES (${delivery.id}::uuid, ${delivery.attempts}, ${attempt.startedAt}, ${attempt.statusCode}::int,
              ${Math.round(attempt.latencyMs)}::int, ${attempt.error}, ${attempt.responseBody})`;
  }

  /** Every attempt of a delivery, first first. */
  attemptsOf(deliveryId: string) {
    return this.prisma.webhookDeliveryAttempt.findMany({ where: { deliveryId }, orderBy: { attempt: 'asc' } });
  }

  private cancelPending(db: Prisma.TransactionClient | PrismaService, endpointId: string): Promise<number> {
    return db.$executeRaw`
      UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL
       WHERE endpoint_id = ${endpointId}::uuid AND status = 'pending'`;
  }
}

function attemptColumns(attempt: AttemptRecord): Prisma.Sql {
  return Prisma.sql`last_status_code = ${attempt.statusCode}::int, last_latency_ms = ${Math.round(attempt.latencyMs)}::int,
    last_error = ${attempt.error}, last_response_body = ${attempt.responseBody}`;
}
