import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_EVENT_TYPES } from '../webhook-events.js';
import { DELIVERY_STATUSES } from './webhook-endpoint.dto.js';

export class WebhookEndpointView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) events!: string[];
  @ApiProperty() includeBotClicks!: boolean;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) disabledAt!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['gone', 'failing'], description: 'gone: the receiver answered 410; failing: every attempt failed for WEBHOOK_DISABLE_AFTER_HOURS (5 days); null: disabled by hand.' })
  disabledReason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Start of the current run of failed attempts.' })
  failingSince!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Until then deliveries are signed with the previous secret too.' })
  previousSecretExpiresAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class WebhookEndpointWithSecretView extends WebhookEndpointView {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Signing secret (Standard Webhooks). Shown here only: keep it.' })
  secret!: string;
}

export class WebhookDeliveryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) endpointId!: string;
  @ApiProperty({ format: 'uuid', description: 'The event id: the webhook-id header of every attempt.' }) eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: string;
  @ApiProperty({ description: 'Attempts made so far.' }) attempts!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode!: number | null;
  @ApiProperty({ nullable: true, type: Number }) lastLatencyMs!: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The first 1 KiB of the last response.' }) lastResponseBody!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the next attempt is due (pending only).' }) nextAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) succeededAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true, description: 'The body sent: { type, timestamp, data }.' })
  payload!: unknown;
}

export class WebhookDeliveryPageView {
  @ApiProperty({ type: [WebhookDeliveryView], description: 'Newest first.' }) deliveries!: WebhookDeliveryView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last.' }) nextCursor!: string | null;
}

export class WebhookAttemptView {
  @ApiProperty({ description: '1 for the first attempt; manual retries continue the count.' }) attempt!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'null: no response (timeout, connection or DNS error, refused address).' }) statusCode!: number | null;
  @ApiProperty() latencyMs!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The first 1 KiB of the response.' }) responseBody!: string | null;
}

export class WebhookDeliveryDetailView extends WebhookDeliveryView {
  @ApiProperty({ type: [WebhookAttemptView], description: 'Every attempt, first first.' }) attemptLog!: WebhookAttemptView[];
}
