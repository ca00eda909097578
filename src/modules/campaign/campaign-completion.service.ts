import { Injectable, Logger } from '@nestjs/common';
import { CampaignRepository } from './campaign.repository.js';

/** Brief interface 5: closes campaigns whose every message has left the queue. */
@Injectable()
export class CampaignCompletionService {
  private readonly logger = new Logger(CampaignCompletionService.name);

  constructor(private readonly campaigns: CampaignRepository) {}

  async completeFinished(): Promise<string[]> {
    const completed = await this.campaigns.completeFinished();
    for (const campaignId of completed) this.logger.log({ campaignId }, 'Campaign completed');
    return completed;
  }
}
