import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedAccount } from '../account/account.service.js';
import { ApiKeyGuard, CurrentAccount } from '../account/api-key.guard.js';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import { CampaignService } from './campaign.service.js';
import { CampaignPreviewView, CampaignView } from './dto/campaign.view.js';
import { CreateCampaignDto } from './dto/create-campaign.dto.js';

@ApiTags('campaigns')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('v1/campaigns')
export class CampaignController {
  constructor(private readonly campaigns: CampaignService) {}

  @Post()
  @ApiCreatedResponse({ type: CampaignView, description: 'The campaign, as a draft.' })
  create(@CurrentAccount() account: AuthenticatedAccount, @Body() dto: CreateCampaignDto): Promise<CampaignView> {
    return this.campaigns.create(account, dto);
  }

  @Post('preview')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: CampaignPreviewView, description: 'Per variant: rendered body, encoding, SMS segments.' })
  preview(@Body() dto: CreateCampaignDto): CampaignPreviewView {
    return this.campaigns.preview(dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: CampaignView })
  @ApiNotFoundResponse()
  get(@CurrentAccount() account: AuthenticatedAccount, @Param('id', new UuidParam('id')) id: string): Promise<CampaignView> {
    return this.campaigns.get(account, id);
  }

  @Post(':id/launch')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: CampaignView, description: 'Launched (or already launched: nothing changes).' })
  @ApiConflictResponse({ description: 'The campaign is cancelled or completed.' })
  launch(@CurrentAccount() account: AuthenticatedAccount, @Param('id', new UuidParam('id')) id: string): Promise<CampaignView> {
    return this.campaigns.launch(account, id);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: CampaignView, description: 'Cancelled; queued sends are cancelled too.' })
  @ApiConflictResponse({ description: 'The campaign is already completed.' })
  cancel(@CurrentAccount() account: AuthenticatedAccount, @Param('id', new UuidParam('id')) id: string): Promise<CampaignView> {
    return this.campaigns.cancel(account, id);
  }
}
