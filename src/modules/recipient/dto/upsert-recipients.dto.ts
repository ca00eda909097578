import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray } from 'class-validator';
import { RecipientLimits } from '../recipient-limits.js';

/**
 * Documents one row for /docs only. Rows are deliberately not validated by
 * class-validator: validateRecipientRow checks each one so a bad row is
 * reported in `rejected` instead of failing the whole request.
 */
export class RecipientInputDto {
  @ApiProperty({ example: '+14155550100', description: 'E.164, or a national number read in the account default country' })
  phone!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: RecipientLimits.maxExternalIdLength, description: 'Your CRM id; null clears it' })
  externalId?: string | null;

  @ApiPropertyOptional({
    type: [String],
    example: ['vip', 'newsletter'],
    description: `Replaces the stored segments when given; trimmed, deduplicated, at most ${RecipientLimits.maxSegments}`,
  })
  segments?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true },
    example: { firstName: 'Ada', plan: 'pro' },
    description: 'Flat values merged into the stored attributes key by key; a null value removes that key',
  })
  attributes?: Record<string, string | number | boolean | null>;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'America/New_York', description: 'IANA time zone name; null clears it' })
  timezone?: string | null;
}

export class UpsertRecipientsDto {
  @ApiProperty({ type: [RecipientInputDto], minItems: 1, maxItems: RecipientLimits.maxJsonRows })
  @IsArray()
  @ArrayNotEmpty({ message: 'recipients must hold at least one row' })
  @ArrayMaxSize(RecipientLimits.maxJsonRows, {
    message: `recipients: at most ${RecipientLimits.maxJsonRows} rows per request; send bigger lists as CSV to POST /v1/recipients/import`,
  })
  recipients!: unknown[];
}
