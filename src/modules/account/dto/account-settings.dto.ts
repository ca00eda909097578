import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { QuietHoursDto } from '../../campaign/dto/create-campaign.dto.js';

/** Caps far above any sane marketing cadence are a typo, not a policy. */
export const FREQUENCY_CAP_LIMITS = { per24Hours: 100, per7Days: 500 } as const;

export class FrequencyCapDto {
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: FREQUENCY_CAP_LIMITS.per24Hours,
    example: 3,
    description: 'At most this many messages per recipient in any rolling 24 hours; null: no 24-hour cap. Left out: unchanged.',
  })
  @IsOptional() @IsInt() @Min(1) @Max(FREQUENCY_CAP_LIMITS.per24Hours)
  per24Hours?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: FREQUENCY_CAP_LIMITS.per7Days,
    example: 10,
    description: 'At most this many messages per recipient in any rolling 7 days; null: no 7-day cap. Left out: unchanged.',
  })
  @IsOptional() @IsInt() @Min(1) @Max(FREQUENCY_CAP_LIMITS.per7Days)
  per7Days?: number | null;
}

/** PATCH semantics: a field left out stays as it is; null turns a cap or the quiet hours off. */
export class UpdateAccountSettingsDto {
  @ApiPropertyOptional({ type: FrequencyCapDto })
  @ValidateIf((_, value) => value !== undefined) @IsObject() @ValidateNested() @Type(() => FrequencyCapDto)
  frequencyCap?: FrequencyCapDto;

  @ApiPropertyOptional({
    type: QuietHoursDto,
    nullable: true,
    description: "The allowed sending window in each recipient's local time, for every campaign that does not set its own; null: none.",
  })
  @IsOptional() @ValidateNested() @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;
}
