import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MetricsView } from './stats.view.js';

export class TimeseriesPointView {
  @ApiProperty({ description: "Bucket start in the account's timezone (ISO 8601 with offset).", example: '2026-03-01T10:00:00.000-05:00' }) bucket!: string;
  @ApiProperty({ description: 'Delivery receipts in the bucket.' }) deliveries!: number;
  @ApiProperty({ description: 'Human link clicks in the bucket.' }) humanClicks!: number;
  @ApiProperty({ description: 'Messages whose first human click fell in the bucket.' }) uniqueClicks!: number;
  @ApiProperty({ description: 'Bot link clicks in the bucket.' }) botClicks!: number;
}

export class TimeseriesView {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ enum: ['hour', 'day'] }) interval!: string;
  @ApiProperty({ example: 'America/New_York' }) timezone!: string;
  @ApiProperty({ type: [TimeseriesPointView], description: 'From the first bucket with data to the last, empty buckets as zeros.' }) points!: TimeseriesPointView[];
}

export class BreakdownRowView {
  @ApiProperty({ type: String, nullable: true, description: 'The value; null when unknown (no user agent, no referrer, no location).' }) value!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'by=city only: the city\'s country.' }) country?: string | null;
  @ApiProperty({ description: 'Human link clicks.' }) clicks!: number;
  @ApiProperty({ description: 'Messages with a human click from this value.' }) uniqueClicks!: number;
  @ApiProperty() botClicks!: number;
  @ApiProperty({ type: Number, nullable: true, description: "clicks / the campaign's human clicks." }) share!: number | null;
}

export class BreakdownView {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty() by!: string;
  @ApiProperty({ type: [BreakdownRowView] }) rows!: BreakdownRowView[];
}

export class ShortLinkView {
  @ApiProperty() code!: string;
  @ApiProperty({ example: 'https://sl.example/Ab3dEf9h' }) url!: string;
  @ApiProperty() destination!: string;
}

export class MessageRowView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'E.164' }) phone!: string;
  @ApiProperty({ type: String, nullable: true }) externalId!: string | null;
  @ApiProperty() variant!: string;
  @ApiProperty() segment!: string;
  @ApiProperty({ enum: ['suppressed', 'cancelled', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'skipped'] }) status!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the message was not sent: opted_out, invalid_number, provider_opted_out (status suppressed); frequency_cap_24h, frequency_cap_7d (status skipped).',
  })
  suppressionReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) providerSid!: string | null;
  @ApiProperty({ type: Number, nullable: true }) errorCode!: number | null;
  @ApiProperty({ type: [ShortLinkView] }) shortLinks!: ShortLinkView[];
  @ApiProperty({ description: 'Human clicks.' }) clicks!: number;
  @ApiProperty() botClicks!: number;
  @ApiProperty() qrScans!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) firstClickAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) acceptedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) deliveredAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) optedOutAt!: string | null;
  @ApiProperty() conversions!: number;
  @ApiProperty() revenue!: number;
}

export class MessagePageView {
  @ApiProperty({ type: [MessageRowView] }) data!: MessageRowView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' }) nextCursor!: string | null;
}

export class TopLinkView {
  @ApiProperty() destination!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ description: 'Short links made for it (one per recipient and place in the body).' }) links!: number;
  @ApiProperty({ description: 'Human clicks on them.' }) clicks!: number;
  @ApiProperty({ description: 'Of those links, the ones with a human click (the recipients who clicked it, per place in the body).' }) uniqueClicks!: number;
  @ApiProperty() botClicks!: number;
}

export class CampaignSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty() currency!: string;
  @ApiProperty({ type: String, format: 'date-time' }) launchedAt!: string;
  @ApiProperty({ type: MetricsView, description: 'metrics.md for the whole campaign (timeToClick is on /stats).' }) metrics!: MetricsView;
}

export class RevenueByCurrencyView {
  @ApiProperty() currency!: string;
  @ApiProperty() revenue!: number;
  @ApiProperty() conversions!: number;
}

export class OverviewView {
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) from!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) to!: string | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: MetricsView, description: 'All matching campaigns together; revenue and revenuePerClick are null when they use several currencies (see revenueByCurrency).' })
  totals!: Omit<MetricsView, 'revenue' | 'revenuePerClick'> & { revenue: number | null; revenuePerClick: number | null };
  @ApiProperty({ type: [RevenueByCurrencyView] }) revenueByCurrency!: RevenueByCurrencyView[];
  @ApiProperty({ type: [CampaignSummaryView], description: 'Matching campaigns, latest launch first.' }) campaigns!: CampaignSummaryView[];
  @ApiProperty({ type: [CampaignSummaryView], description: 'The top campaigns by unique clicks.' }) topCampaigns!: CampaignSummaryView[];
  @ApiProperty({ type: [TopLinkView], description: 'The top destinations by unique clicks.' }) topLinks!: TopLinkView[];
}

export class TimeToClickBucketView {
  @ApiProperty({ type: Number, nullable: true, description: 'Lower bound, seconds (inclusive); null for the first bucket.' }) fromSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Upper bound, seconds (exclusive); null for the last bucket.' }) toSeconds!: number | null;
  @ApiProperty({ example: '1 min – 2 min' }) label!: string;
  @ApiProperty({ description: 'Clicked messages whose time to click falls in the bucket.' }) messages!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'The same per variant.' }) byVariant!: Record<string, number>;
}

export class TimeToClickHistogramView {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ type: [Number] }) boundsSeconds!: number[];
  @ApiProperty({ description: 'Clicked messages with a time to click (the same population as the stats percentiles).' }) messages!: number;
  @ApiProperty({ type: [TimeToClickBucketView] }) buckets!: TimeToClickBucketView[];
}
