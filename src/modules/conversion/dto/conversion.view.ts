import { ApiProperty } from '@nestjs/swagger';

export class ConversionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The message it is attributed to; null for a holdout or when nothing matched.' })
  messageId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The campaign it matched; null when a recipient-reported conversion matched no message or holdout.' })
  campaignId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) recipientId!: string | null;
  @ApiProperty({ type: String, nullable: true }) code!: string | null;
  @ApiProperty({ enum: ['code', 'messageId', 'phone', 'externalId'], description: 'How the request named who converted.' }) matchedBy!: string;
  @ApiProperty({ description: 'Attributed to a recipient held out of the campaign (counts towards the holdout, not a variant).' }) holdout!: boolean;
  @ApiProperty({ description: "Inside the campaign's attribution window: counted in its stats. False: stored only." }) attributed!: boolean;
  @ApiProperty() name!: string;
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
  @ApiProperty() currency!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: String, nullable: true }) idempotencyKey!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'True when the idempotencyKey had already stored this conversion (answered 200, nothing counted again).' })
  duplicate!: boolean;
}
