import { ApiProperty } from '@nestjs/swagger';
import { QuietHoursDto, UtmDto } from './create-campaign.dto.js';

export class VariantView {
  @ApiProperty() key!: string;
  @ApiProperty() body!: string;
  @ApiProperty() weight!: number;
  @ApiProperty({ description: 'Order as given, from 0.' }) position!: number;
}

/** Counts named and defined as in metrics.md, so they equal the same names in /stats. */
export class CampaignCounts {
  @ApiProperty({ description: 'Messages created for the campaign.' }) recipients!: number;
  @ApiProperty({ description: 'Messages not sent because the phone was opted out or invalid.' }) suppressed!: number;
  @ApiProperty({ description: 'Messages accepted by the SMS provider (they have a provider id).' }) sent!: number;
  @ApiProperty({ description: 'Latest status delivered, plus messages with a human click whatever their status.' }) delivered!: number;
  @ApiProperty({ description: 'Latest status failed or undelivered, and no human click.' }) failed!: number;
  @ApiProperty({ description: "Not in metrics.md: messages skipped at send time because the recipient had reached the account's frequency cap; never counted as suppressed, sent, delivered or failed." })
  frequencyCapped!: number;
}

/** Messages by their current state-machine status: the progress of a send. */
export class StatusCounts {
  @ApiProperty() suppressed!: number;
  @ApiProperty() cancelled!: number;
  @ApiProperty() queued!: number;
  @ApiProperty() sending!: number;
  @ApiProperty() sent!: number;
  @ApiProperty() delivered!: number;
  @ApiProperty() undelivered!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ description: "Skipped for good at send time (the account's frequency cap); the reason is on each message." }) skipped!: number;
}

export class CampaignView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'URL-safe name, unique in the account; the default utm_campaign.' }) slug!: string;
  @ApiProperty() from!: string;
  @ApiProperty({ type: [String] }) segments!: string[];
  @ApiProperty({ type: [VariantView] }) variants!: VariantView[];
  @ApiProperty({ description: 'The named control, else the first variant.' }) controlVariant!: string;
  @ApiProperty({ type: UtmDto, nullable: true }) utm!: UtmDto | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: ['draft', 'scheduled', 'sending', 'completed', 'cancelled'] }) status!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) scheduledAt!: string | null;
  @ApiProperty({ type: QuietHoursDto, nullable: true, description: "The campaign's own window; null: none of its own." }) quietHours!: QuietHoursDto | null;
  @ApiProperty({ description: "True when the campaign has no window of its own and was not created with quietHours: null: the account's quiet hours apply to it at send time." })
  inheritsAccountQuietHours!: boolean;
  @ApiProperty({ nullable: true, type: Number }) sendRate!: number | null;
  @ApiProperty({ nullable: true, type: Number }) linkTtlSeconds!: number | null;
  @ApiProperty({ nullable: true, type: String }) fallbackUrl!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Audience size frozen when materialised.' }) recipientCount!: number | null;
  @ApiProperty({ nullable: true, type: Number }) suppressedCount!: number | null;
  @ApiProperty({ description: 'Percent of the eligible audience held back (no message) to measure lift.' }) holdoutPercent!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Recipients held out, frozen when materialised.' }) holdoutCount!: number | null;
  @ApiProperty({ description: 'Conversions later than this after the message (or holdout) are stored but not attributed.' }) attributionWindowHours!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) launchedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Every message and link created and every send queued.' }) materialisedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) completedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) cancelledAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: CampaignCounts, description: 'The counts of metrics.md.' }) counts!: CampaignCounts;
  @ApiProperty({ type: StatusCounts, description: 'Messages by current status: queued and sending are still in flight.' })
  statusCounts!: StatusCounts;
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

/** A campaign in the list: enough to find it and see where it stands; GET /v1/campaigns/{id} has the rest. */
export class CampaignListItemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['draft', 'scheduled', 'sending', 'completed', 'cancelled'] }) status!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: [String] }) segments!: string[];
  @ApiProperty({ type: [String], description: 'Variant keys in order.' }) variants!: string[];
  @ApiProperty() currency!: string;
  @ApiProperty({ nullable: true, type: Number }) recipientCount!: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) scheduledAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) launchedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) completedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) cancelledAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CampaignListView {
  @ApiProperty({ type: [CampaignListItemView] }) data!: CampaignListItemView[];
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Pass as cursor for the next page; null on the last.' }) nextCursor!: string | null;
}
