import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsStorableText } from '../../../common/storable-text.js';

export const SEGMENT_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

const RULE_DESCRIPTION =
  'One of { label }, { clicked: { campaignId, variant?, withoutConversionWithinHours? } }, ' +
  '{ deliveredNotClicked: { campaignId, variant? } }, { converted: { campaignId?, since? } }, { optedInSince: date-time }, ' +
  'or { and: [rules] }, { or: [rules] }, { not: rule }. See docs/AUDIENCES.md.';

/** The parts of a segment a client writes; `rule` is checked by parseAudienceRule (a recursive shape class-validator cannot express). */
export class SegmentBodyDto {
  @ApiPropertyOptional({ example: 'Clicked the spring sale, did not buy' })
  @IsOptional() @IsString() @MaxLength(200) @IsStorableText()
  name?: string;

  @ApiPropertyOptional({ example: 'Retarget: clicked within the last campaign but no purchase within 24 h' })
  @IsOptional() @IsString() @MaxLength(1000) @IsStorableText()
  description?: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: RULE_DESCRIPTION,
    example: { and: [{ clicked: { campaignId: '0196f3c2-7a1e-7c3a-9d2b-2f1e4a5b6c7d', withoutConversionWithinHours: 24 } }, { not: { label: 'vip' } }] },
  })
  @IsObject({ message: 'rule must be an object' })
  rule!: Record<string, unknown>;
}

/** POST /v1/segments. */
export class CreateSegmentDto extends SegmentBodyDto {
  @ApiProperty({ example: 'spring-clickers-no-purchase', description: 'How campaigns target it, like a label. Letters, digits, _ . : -' })
  @IsString() @Matches(SEGMENT_KEY, { message: 'key must be 1-100 letters, digits, _ . : - starting with a letter or digit' })
  key!: string;
}

export class SegmentPreviewQuery {
  @ApiPropertyOptional({ default: 10, minimum: 0, maximum: 50, description: 'How many matching recipients to return' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(50)
  sample?: number;
}
