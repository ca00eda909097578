import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class LinkDetailQuery {
  @ApiPropertyOptional({ default: 100, minimum: 0, maximum: 1000, description: 'How many of the latest clicks to include.' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1000)
  clicks?: number;
}

export class QrQuery {
  @ApiPropertyOptional({ enum: ['svg', 'png'], default: 'svg' })
  @IsOptional() @IsIn(['svg', 'png'], { message: 'format must be svg or png' })
  format?: 'svg' | 'png';

  @ApiPropertyOptional({ default: 512, minimum: 64, maximum: 2048, description: 'Width and height in pixels (PNG; the SVG scales).' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(64) @Max(2048)
  size?: number;
}
