import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsDate, IsIn, IsInt, IsNumber, IsOptional, IsPositive, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsAscending } from './is-ascending.js';
import { MAX_TIME_TO_CLICK_BOUNDS } from '../time-to-click.js';
import { MessageStatus } from '../../../generated/prisma/enums.js';
import { BREAKDOWN_DIMENSIONS, type BreakdownDimension, type TimeseriesInterval } from '../analytics.repository.js';

const MESSAGE_STATUSES = Object.values(MessageStatus);

/** "true"/"false" in a query string; anything else stays as is and fails @IsBoolean with the field's name. */
const booleanFromQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** "a,b" or repeated ?tags=a&tags=b. */
const listFromQuery = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : typeof value === 'string' ? [value] : value === undefined ? undefined : [value])
    ?.flatMap((item: unknown) => (typeof item === 'string' ? item.split(',') : [item]))
    .map((item: unknown) => (typeof item === 'string' ? item.trim() : item))
    .filter((item: unknown) => item !== '');

export class TimeseriesQuery {
  @ApiPropertyOptional({ enum: ['hour', 'day'], default: 'hour' })
  @IsOptional() @IsIn(['hour', 'day'], { message: 'interval must be hour or day' })
  interval?: TimeseriesInterval;
}

export class BreakdownQuery {
  @ApiPropertyOptional({ enum: BREAKDOWN_DIMENSIONS, default: 'device', description: 'What to split link clicks by; clickClass and classReason show the bots too.' })
  @IsOptional() @IsIn(BREAKDOWN_DIMENSIONS, { message: `by must be one of ${BREAKDOWN_DIMENSIONS.join(', ')}` })
  by?: BreakdownDimension;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 1000 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  limit?: number;
}

export class MessageFilterQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) variant?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) segment?: string;

  @ApiPropertyOptional({ enum: MESSAGE_STATUSES, description: 'The current status (a clicked message may still say sent: filter clicked=true for those).' })
  @IsOptional() @IsIn(MESSAGE_STATUSES, { message: `status must be one of ${MESSAGE_STATUSES.join(', ')}` })
  status?: MessageStatus;

  @ApiPropertyOptional({ type: Boolean, description: 'true: with at least one human click; false: without.' })
  @IsOptional() @Transform(booleanFromQuery) @IsBoolean({ message: 'clicked must be true or false' })
  clicked?: boolean;
}

export class MessagesQuery extends MessageFilterQuery {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'nextCursor of the previous page.' })
  @IsOptional() @IsUUID('all', { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

export class MessagesExportQuery extends MessageFilterQuery {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Full phone numbers; masked (+1415*****23) unless true.' })
  @IsOptional() @Transform(booleanFromQuery) @IsBoolean({ message: 'revealPhones must be true or false' })
  revealPhones?: boolean;
}

export class TopLinksQuery {
  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: 100 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;
}

export class OverviewQuery {
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Campaigns launched at or after this time.' })
  @IsOptional() @Type(() => Date) @IsDate({ message: 'from must be an ISO 8601 date-time' })
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Campaigns launched before this time.' })
  @IsOptional() @Type(() => Date) @IsDate({ message: 'to must be an ISO 8601 date-time' })
  to?: Date;

  @ApiPropertyOptional({ type: [String], description: 'Campaigns carrying any of these tags (comma-separated or repeated).' })
  @IsOptional() @Transform(listFromQuery) @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(100, { each: true })
  tags?: string[];
}

export class TimeToClickQuery {
  @ApiPropertyOptional({
    type: [Number],
    description: 'Bucket bounds in seconds, ascending (comma-separated or repeated); default 30,60,120,300,900,1800,3600,10800,43200,86400.',
  })
  @IsOptional()
  @Transform(({ value }) => listFromQuery({ value })?.map((item: unknown) => (typeof item === 'string' ? Number(item) : item)))
  @ArrayMinSize(1) @ArrayMaxSize(MAX_TIME_TO_CLICK_BOUNDS)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true, message: 'buckets must be numbers of seconds' })
  @IsPositive({ each: true, message: 'buckets must be positive numbers of seconds' })
  @IsAscending({ message: 'buckets must be in ascending order, each bound once' })
  buckets?: number[];
}
