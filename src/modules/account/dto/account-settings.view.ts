import { ApiProperty } from '@nestjs/swagger';
import { QuietHoursDto } from '../../campaign/dto/create-campaign.dto.js';

export class FrequencyCapView {
  @ApiProperty({ type: Number, nullable: true, description: 'Messages per recipient in any rolling 24 hours; null: no cap. Default 3.' })
  per24Hours!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Messages per recipient in any rolling 7 days; null: no cap (the default).' })
  per7Days!: number | null;
}

export class AccountSettingsView {
  @ApiProperty({ type: FrequencyCapView, description: 'Checked when each message is about to be sent; a recipient at the cap is skipped (status skipped).' })
  frequencyCap!: FrequencyCapView;
  @ApiProperty({ type: QuietHoursDto, nullable: true, description: "Allowed window in the recipient's local time for campaigns without their own; null: none (the default)." })
  quietHours!: QuietHoursDto | null;
}
