import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsStorableText } from '../../../common/storable-text.js';
import { RecipientLimits } from '../../recipient/recipient-limits.js';

/** E.164 sender number or a Twilio Messaging Service SID. */
export const SENDER_PATTERN = /^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/;
export const VARIANT_KEY_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const CLOCK_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
/**
 * A calendar date-time with its offset (RFC 3339). ISO 8601 also allows week
 * dates, basic format and zone-less times, which Date cannot parse (a 500) or
 * would read in the server's time zone.
 */
export const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
/** Twilio refuses bodies over 1600 characters. */
export const MAX_BODY_LENGTH = 1600;

export class VariantDto {
  @ApiProperty({ example: 'A', description: 'Unique within the campaign: letters, digits, _ and -, up to 32.' })
  @Matches(VARIANT_KEY_PATTERN, { message: 'key must be 1-32 letters, digits, _ or -' })
  key!: string;

  @ApiProperty({
    example: 'Spring sale: 20% off at https://shop.example.com/spring. Reply STOP to opt out',
    description: 'Every http(s) URL is replaced, per recipient, by that recipient\'s own short link.',
    maxLength: MAX_BODY_LENGTH,
  })
  @IsString()
  @Matches(/\S/, { message: 'body must not be empty' })
  @MaxLength(MAX_BODY_LENGTH)
  @IsStorableText()
  body!: string;

  @ApiPropertyOptional({ example: 1, default: 1, minimum: 1, description: 'Relative share of recipients.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  weight?: number;
}

export class UtmDto {
  @ApiPropertyOptional({ example: 'sms', description: 'Default "sms".' })
  @IsOptional() @IsString() @MaxLength(200) @IsStorableText()
  source?: string;

  @ApiPropertyOptional({ example: 'text', description: 'Default "sms".' })
  @IsOptional() @IsString() @MaxLength(200) @IsStorableText()
  medium?: string;

  @ApiPropertyOptional({ example: 'spring-sale', description: 'Default: the campaign slug.' })
  @IsOptional() @IsString() @MaxLength(200) @IsStorableText()
  campaign?: string;
}

export class QuietHoursDto {
  @ApiProperty({ example: '08:00', description: 'Start of the ALLOWED sending window, recipient local time (HH:MM).' })
  @Matches(CLOCK_TIME_PATTERN, { message: 'start must be HH:MM (24h)' })
  start!: string;

  @ApiProperty({ example: '21:00', description: 'End of the allowed window (HH:MM); may wrap past midnight.' })
  @Matches(CLOCK_TIME_PATTERN, { message: 'end must be HH:MM (24h)' })
  end!: string;
}

export class CreateCampaignDto {
  @ApiProperty({ example: 'Spring sale' })
  @IsString() @Matches(/\S/, { message: 'name must not be empty' }) @MaxLength(200) @IsStorableText()
  name!: string;

  @ApiProperty({ example: '+15005550006', description: 'E.164 sender number or Messaging Service SID (MG + 32 hex).' })
  @IsString()
  @Matches(SENDER_PATTERN, { message: 'from must be an E.164 number (+15551234567) or a Messaging Service SID (MG + 32 hex digits)' })
  from!: string;

  @ApiProperty({
    example: ['vip', 'newsletter'],
    description: 'Target segments in priority order: a recipient\'s message is attributed to the first one it has. Trimmed, like recipients\' segments.',
  })
  // Recipients' segments are trimmed and at most 64 characters, so a campaign
  // segment with spaces around it or longer than that could never match anyone.
  @Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value))
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ArrayUnique()
  @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(RecipientLimits.maxSegmentLength, { each: true }) @IsStorableText({ each: true })
  segments!: string[];

  @ApiProperty({ type: [VariantDto], description: 'A/B arms; recipients are split by weight, deterministically.' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(26)
  @ValidateNested({ each: true }) @Type(() => VariantDto)
  variants!: VariantDto[];

  @ApiPropertyOptional({ example: 'A', description: 'Key of the control arm; default: the first variant.' })
  @IsOptional() @IsString() @IsStorableText()
  controlVariant?: string;

  @ApiPropertyOptional({ type: UtmDto })
  @IsOptional() @ValidateNested() @Type(() => UtmDto)
  utm?: UtmDto;

  @ApiPropertyOptional({ example: ['spring'] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(100, { each: true }) @IsStorableText({ each: true })
  tags?: string[];

  @ApiPropertyOptional({ example: '2026-12-01T15:00:00Z', format: 'date-time', description: 'ISO 8601 date-time with its offset (Z or +hh:mm); launching before then schedules the campaign.' })
  @IsOptional()
  @Matches(DATE_TIME_WITH_OFFSET, { message: 'scheduledAt must be a date-time with a time zone offset, e.g. 2026-12-01T15:00:00Z' })
  @IsISO8601({ strict: true })
  scheduledAt?: string;

  @ApiPropertyOptional({ example: 'USD', default: 'USD', description: 'ISO 4217 currency of conversion values.' })
  @IsOptional() @IsISO4217CurrencyCode()
  currency?: string;

  @ApiPropertyOptional({
    type: QuietHoursDto,
    nullable: true,
    description:
      "Product extension: sends outside this window wait for its next opening. Left out: the account's quiet hours apply (GET /v1/account/settings); null: this campaign never waits for quiet hours.",
  })
  @IsOptional() @ValidateNested() @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;

  @ApiPropertyOptional({ example: 5, description: 'Product extension: messages per second for this campaign (default SENDER_MPS).' })
  @IsOptional() @IsInt() @Min(1) @Max(10_000)
  sendRate?: number;

  @ApiPropertyOptional({ example: 2_592_000, description: 'Product extension: links expire this many seconds after launch; default never.' })
  @IsOptional() @IsInt() @Min(60) @Max(10 * 365 * 24 * 3600)
  linkTtlSeconds?: number;

  @ApiPropertyOptional({ example: 'https://shop.example.com/', description: 'Product extension: where expired links send people instead of the 410 page (disabled links answer 404).' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'fallbackUrl must be an http(s) URL' })
  @MaxLength(2000)
  fallbackUrl?: string;

  @ApiPropertyOptional({
    example: 10, minimum: 0, maximum: 50, default: 0,
    description: 'Product extension: percent of the eligible audience held back at launch (no message) to measure lift; up to 2 decimals.',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }, { message: 'holdoutPercent must be a number with at most 2 decimals' })
  @Min(0) @Max(50)
  holdoutPercent?: number;

  @ApiPropertyOptional({
    example: 168, minimum: 1, maximum: 2160, default: 168,
    description: 'Product extension: conversions later than this many hours after the message (or the holdout) are stored but not attributed.',
  })
  @IsOptional() @IsInt() @Min(1) @Max(90 * 24)
  attributionWindowHours?: number;
}
