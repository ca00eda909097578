import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsStorableText } from '../../../common/storable-text.js';
import { WEBHOOK_EVENT_TYPES } from '../webhook-events.js';

const EVENTS_MESSAGE = `each must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`;

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://crm.example.com/hooks/sms', description: 'http(s) URL of a public address (private ones only with WEBHOOK_ALLOW_PRIVATE_TARGETS).' })
  @IsString() @MaxLength(2048)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['message.delivered', 'link.clicked'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length) @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: EVENTS_MESSAGE })
  events!: string[];

  @ApiPropertyOptional({ example: 'Salesforce sync' })
  @IsOptional() @IsString() @MaxLength(500) @IsStorableText()
  description?: string;

  @ApiPropertyOptional({ default: false, description: 'Also send link.clicked for bot clicks (link previews, scanners).' })
  @IsOptional() @IsBoolean()
  includeBotClicks?: boolean;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional({ example: 'https://crm.example.com/hooks/sms' })
  @IsOptional() @IsString() @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length) @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: EVENTS_MESSAGE })
  events?: string[];

  @ApiPropertyOptional()
  @IsOptional() @IsString() @MaxLength(500) @IsStorableText()
  description?: string;

  @ApiPropertyOptional({ description: 'Also send link.clicked for bot clicks.' })
  @IsOptional() @IsBoolean()
  includeBotClicks?: boolean;

  @ApiPropertyOptional({ description: 'false stops deliveries (pending ones are cancelled); true re-enables and clears the failure state.' })
  @IsOptional() @IsBoolean()
  enabled?: boolean;
}

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'cancelled'] as const;

export class WebhookDeliveriesQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional() @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({ example: 'link.clicked' })
  @IsOptional() @IsString() @MaxLength(100)
  eventType?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'nextCursor of the previous page.' })
  @IsOptional() @IsUUID()
  cursor?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;
}
