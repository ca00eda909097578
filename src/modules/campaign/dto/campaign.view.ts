import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QuietHoursDto, UtmDto } from './create-campaign.dto.js';

export class VariantView {
  @ApiProperty() key!: string;
  @ApiProperty() body!: string;
  @ApiProperty() weight!: number;
  @ApiProperty({ description: 'Order as given, from 0.' }) position!: number;
}

/** Messages of the campaign by status (plus `recipients`, all of them). */
export class CampaignCounts {
  @ApiProperty() recipients!: number;
  @ApiProperty() suppressed!: number;
  @ApiProperty() queued!: number;
  @ApiProperty() sending!: number;
  @ApiProperty() sent!: number;
  @ApiProperty() delivered!: number;
  @ApiProperty() undelivered!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() cancelled!: number;
}

export class CampaignView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'URL-safe name, unique in the account; the default utm_campaign.' }) slug!: string;
  @ApiProperty() from!: string;
  @ApiProperty({ type: [String] }) segments!: string[];
  @ApiProperty({ type: [VariantView] }) variants!: VariantView[];
  @ApiProperty({ description: 'The named control, else the first variant.' }) controlVariant!: string;
  @ApiPropertyOptional({ type: UtmDto, nullable: true }) utm!: UtmDto | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: ['draft', 'scheduled', 'sending', 'completed', 'cancelled'] }) status!: string;
  @ApiPropertyOptional({ nullable: true }) scheduledAt!: string | null;
  @ApiPropertyOptional({ type: QuietHoursDto, nullable: true }) quietHours!: QuietHoursDto | null;
  @ApiPropertyOptional({ nullable: true }) sendRate!: number | null;
  @ApiPropertyOptional({ nullable: true }) linkTtlSeconds!: number | null;
  @ApiPropertyOptional({ nullable: true }) fallbackUrl!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Audience size frozen when materialised.' }) recipientCount!: number | null;
  @ApiPropertyOptional({ nullable: true }) suppressedCount!: number | null;
  @ApiPropertyOptional({ nullable: true }) launchedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Every message and link created and every send queued.' }) materialisedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) completedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) cancelledAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: CampaignCounts }) counts!: CampaignCounts;
}

export class LinkPreviewView {
  @ApiProperty() destination!: string;
  @ApiProperty() shortLink!: string;
}

export class VariantPreviewView {
  @ApiProperty() key!: string;
  @ApiProperty({ description: 'The body as a recipient sees it, with a sample short link of the real length.' }) body!: string;
  @ApiProperty({ enum: ['GSM-7', 'UCS-2'] }) encoding!: string;
  @ApiProperty({ description: 'SMS segments billed per recipient.' }) segments!: number;
  @ApiProperty() characters!: number;
  @ApiProperty({ type: [String], description: 'Characters forcing UCS-2.' }) nonGsmCharacters!: string[];
  @ApiProperty({ description: 'Segments of the body as written, before links are shortened.' }) segmentsBeforeLinks!: number;
  @ApiProperty({ type: [LinkPreviewView] }) links!: LinkPreviewView[];
  @ApiProperty({ type: [String] }) warnings!: string[];
}

export class CampaignPreviewView {
  @ApiProperty({ type: [VariantPreviewView] }) variants!: VariantPreviewView[];
}
