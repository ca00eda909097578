import { ApiProperty } from '@nestjs/swagger';

export class LinkCampaignView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class LinkMessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '+14155550100' }) phone!: string;
  @ApiProperty() variant!: string;
  @ApiProperty() segment!: string;
  @ApiProperty({ example: 'delivered' }) status!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acceptedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) firstHumanClickAt!: string | null;
  @ApiProperty({ description: 'Human clicks on any of the message\'s links.' }) humanClicks!: number;
  @ApiProperty({ description: 'Bot clicks (previews, scanners) on any of the message\'s links.' }) botClicks!: number;
  @ApiProperty({ description: 'Human scans of the message\'s QR codes, apart from clicks.' }) qrScans!: number;
}

export class LinkClickCounts {
  @ApiProperty({ description: 'Human clicks on this link.' }) human!: number;
  @ApiProperty({ description: 'Bot clicks on this link (preview + scanner).' }) bot!: number;
  @ApiProperty() preview!: number;
  @ApiProperty() scanner!: number;
  @ApiProperty({ description: 'QR scans of this link, any class.' }) qrScans!: number;
}

export class ClickView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ enum: ['link', 'qr'] }) source!: string;
  @ApiProperty({ enum: ['redirected', 'expired', 'disabled'] }) outcome!: string;
  @ApiProperty({ enum: ['human', 'preview', 'scanner'] }) clickClass!: string;
  @ApiProperty({ example: 'preview:whatsapp', description: 'The classification rule that fired.' }) classReason!: string;
  @ApiProperty({ description: 'Came within CLICK_TIMING_SIGNAL_SECONDS of the delivery receipt.' }) timingSignal!: boolean;
  @ApiProperty({ type: Number, nullable: true }) secondsSinceDelivery!: number | null;
  @ApiProperty({ example: 'GET' }) method!: string;
  @ApiProperty({ type: String, nullable: true, enum: ['mobile', 'tablet', 'desktop', 'other'] }) deviceType!: string | null;
  @ApiProperty({ type: String, nullable: true }) os!: string | null;
  @ApiProperty({ type: String, nullable: true }) osVersion!: string | null;
  @ApiProperty({ type: String, nullable: true }) browser!: string | null;
  @ApiProperty({ type: String, nullable: true }) browserVersion!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'US' }) country!: string | null;
  @ApiProperty({ type: String, nullable: true }) city!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Anonymised per CLICK_IP_STORAGE.' }) ip!: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent!: string | null;
  @ApiProperty({ type: String, nullable: true }) referrer!: string | null;
  @ApiProperty({ type: String, nullable: true }) referrerHost!: string | null;
  @ApiProperty({ type: String, nullable: true }) acceptLanguage!: string | null;
}

export class LinkView {
  @ApiProperty({ example: 'Ab3dEf9h' }) code!: string;
  @ApiProperty({ example: 'https://s.example.com/Ab3dEf9h' }) shortUrl!: string;
  @ApiProperty({ description: 'The call-to-action URL as written in the variant.' }) destination!: string;
  @ApiProperty({ description: 'Where the link redirects: the destination with UTM parameters.' }) redirectUrl!: string;
  @ApiProperty({ enum: ['active', 'expired', 'disabled'] }) status!: 'active' | 'expired' | 'disabled';
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disabledAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: LinkCampaignView }) campaign!: LinkCampaignView;
  @ApiProperty({ type: LinkMessageView }) message!: LinkMessageView;
  @ApiProperty({ type: LinkClickCounts }) counts!: LinkClickCounts;
  @ApiProperty({ type: [ClickView], description: 'The latest clicks and scans, newest first (at most `limit`).' }) clicks!: ClickView[];
}
