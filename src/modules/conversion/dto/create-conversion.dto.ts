import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO4217CurrencyCode, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsStorableText } from '../../../common/storable-text.js';
import { DATE_TIME_WITH_OFFSET } from '../../campaign/dto/create-campaign.dto.js';

export const MAX_CONVERSION_VALUE = 1_000_000_000_000;

/**
 * POST /v1/conversions: `code` or `messageId` names the message the
 * conversion is attributed to; `phone` or `externalId` names the recipient,
 * and it is attributed to their latest message or holdout whose attribution
 * window contains it.
 */
export class CreateConversionDto {
  @ApiPropertyOptional({ example: 'Ab3dEf9h', description: 'The short code the customer arrived through (the path of the short link).' })
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9]{1,16}$/, { message: 'code must be a short code: 1-16 letters and digits' })
  code?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The message id, instead of a code.' })
  @IsOptional() @IsUUID('all', { message: 'messageId must be a UUID' })
  messageId?: string;

  @ApiPropertyOptional({ example: '+14155550123', description: "The recipient's phone (national numbers use the account's default country), instead of a code: last-touch attribution, holdouts included." })
  @IsOptional() @IsString() @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional({ example: 'crm-42', description: "The recipient's externalId, instead of a code: last-touch attribution, holdouts included." })
  @IsOptional() @IsString() @Matches(/\S/, { message: 'externalId must not be empty' }) @MaxLength(255) @IsStorableText()
  externalId?: string;

  @ApiProperty({ example: 'purchase', description: 'What happened: purchase, signup, ...' })
  @IsString() @Matches(/\S/, { message: 'name must not be empty' }) @MaxLength(100) @IsStorableText()
  name!: string;

  @ApiPropertyOptional({ example: 49.9, minimum: 0, description: "In the campaign's currency, up to 4 decimals. Omitted: a conversion without a value." })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 }, { message: 'value must be a number with at most 4 decimals' })
  @Min(0) @Max(MAX_CONVERSION_VALUE)
  value?: number;

  @ApiPropertyOptional({ example: 'USD', description: "ISO 4217; must be the campaign's currency (the default)." })
  @IsOptional() @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string;

  @ApiPropertyOptional({ example: '2026-03-01T12:30:00Z', description: 'When it happened (RFC 3339 with offset); default: now.' })
  @IsOptional() @IsString() @Matches(DATE_TIME_WITH_OFFSET, { message: 'occurredAt must be a date-time with an offset, e.g. 2026-03-01T12:30:00Z' })
  occurredAt?: string;

  @ApiPropertyOptional({ example: 'order-10023', description: 'The same key again returns the stored conversion instead of counting it twice.' })
  @IsOptional() @IsString() @Matches(/\S/, { message: 'idempotencyKey must not be empty' }) @MaxLength(255) @IsStorableText()
  idempotencyKey?: string;
}
