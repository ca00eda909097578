import { ApiProperty } from '@nestjs/swagger';

export class SegmentView {
  @ApiProperty() key!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The audience rule, as stored (dates normalised to UTC).' }) rule!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SegmentSampleView {
  @ApiProperty({ format: 'uuid' }) recipientId!: string;
  @ApiProperty({ example: '+14155550123' }) phone!: string;
  @ApiProperty({ type: String, nullable: true }) externalId!: string | null;
  @ApiProperty({ type: [String], description: 'Its labels' }) segments!: string[];
}

export class SegmentPreviewView {
  @ApiProperty() key!: string;
  @ApiProperty({ enum: ['rule', 'label'], description: 'rule: a defined segment; label: no segment has this key, so it is the recipients carrying the label' })
  kind!: 'rule' | 'label';
  @ApiProperty({ description: 'Recipients matching now (before opt-outs, holdouts and frequency caps of a particular campaign)' }) size!: number;
  @ApiProperty({ type: [SegmentSampleView], description: 'Up to `sample` matching recipients, in phone order' }) sample!: SegmentSampleView[];
  @ApiProperty({ format: 'date-time', description: 'The instant the rule was evaluated at' }) evaluatedAt!: string;
}
