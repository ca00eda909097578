import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import type { GroupKey } from '../metrics/metric-cell.js';

export const GROUP_BY_VALUES = ['variant', 'segment', 'variant,segment'] as const;

/** "segment,variant" means the same grouping as "variant,segment": one spelling downstream. */
const canonicalGroupBy = (value: unknown) =>
  typeof value === 'string' && value.replace(/\s/g, '') === 'segment,variant' ? 'variant,segment' : typeof value === 'string' ? value.replace(/\s/g, '') : value;

export class StatsQuery {
  @ApiPropertyOptional({ enum: GROUP_BY_VALUES, default: 'variant', description: 'How `groups` splits the campaign.' })
  @IsOptional()
  @Transform(({ value }) => canonicalGroupBy(value))
  @IsIn(GROUP_BY_VALUES, { message: `groupBy must be one of ${GROUP_BY_VALUES.join(', ')}` })
  groupBy?: (typeof GROUP_BY_VALUES)[number];
}

export const groupKeys = (groupBy: StatsQuery['groupBy']): GroupKey[] => (groupBy ?? 'variant').split(',') as GroupKey[];
