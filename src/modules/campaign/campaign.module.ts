import { Module } from '@nestjs/common';

@Module({})
export class CampaignModule {}

/** Queue processors of this feature; loaded only where workers run. */
@Module({ imports: [CampaignModule] })
export class CampaignWorkerModule {}
