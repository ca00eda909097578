import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RejectedRowDto {
  @ApiProperty({ description: 'JSON: 0-based position in `recipients`; CSV: 1-based data row (the row after the header is 1)' })
  index!: number;

  @ApiProperty({ nullable: true, type: String, description: 'The phone as given' })
  phone!: string | null;

  @ApiProperty({ example: 'not a valid phone number for US' })
  reason!: string;
}

export class UpsertRecipientsResultDto {
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty({ type: [RejectedRowDto], description: 'At most 10,000 listed; see rejectedCount' })
  rejected!: RejectedRowDto[];
  @ApiProperty({ description: 'Every rejected row, listed or not' })
  rejectedCount!: number;
}

export class OptOutStateDto {
  @ApiProperty({ description: 'Sender number or Messaging Service SID' }) sender!: string;
  @ApiProperty() optedOut!: boolean;
  @ApiProperty() changedAt!: Date;
}

export class RecipientMessageDto {
  @ApiProperty() id!: string;
  @ApiProperty() campaignId!: string;
  @ApiProperty() campaignName!: string;
  @ApiProperty() variant!: string;
  @ApiProperty() segment!: string;
  @ApiProperty() sender!: string;
  @ApiProperty({ example: 'delivered' }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) suppressionReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) errorCode!: number | null;
  @ApiProperty() createdAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) sentAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) deliveredAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) failedAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) firstHumanClickAt!: Date | null;
  @ApiProperty() humanClicks!: number;
  @ApiPropertyOptional({ nullable: true, type: Date }) optedOutAt!: Date | null;
}

export class InboundMessageDto {
  @ApiProperty({ enum: ['opt_out', 'opt_in', 'help', 'other'] }) kind!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ description: 'Our number the SMS was sent to' }) sender!: string;
  @ApiProperty() receivedAt!: Date;
}

export class RecipientDetailsDto {
  @ApiProperty({ example: '+14155550100' }) phone!: string;
  @ApiProperty({ nullable: true, type: String }) externalId!: string | null;
  @ApiProperty({ type: [String] }) segments!: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) attributes!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) timezone!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty({ description: 'True when any sender this account uses has the phone opted out' }) optedOut!: boolean;
  @ApiProperty({ type: [OptOutStateDto], description: "Opt-out state per sender, for this account's senders" })
  optOuts!: OptOutStateDto[];
  @ApiProperty({ type: [RecipientMessageDto], description: 'Newest first, at most 50' })
  messages!: RecipientMessageDto[];
  @ApiProperty({ type: [InboundMessageDto], description: "SMS received from this phone on this account's senders, newest first, at most 50" })
  inbound!: InboundMessageDto[];
}
