import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorDto, ApiErrors } from '../../common/api-error.dto.js';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import type { AuthenticatedAccount } from '../account/account.service.js';
import { ApiKeyGuard, CurrentAccount } from '../account/api-key.guard.js';
import { CampaignService } from './campaign.service.js';
import { CampaignListView, CampaignPreviewView, CampaignView } from './dto/campaign.view.js';
import { ListCampaignsQuery } from './dto/list-campaigns.query.js';
import { CreateCampaignDto } from './dto/create-campaign.dto.js';

const CampaignId = () => ApiParam({ name: 'id', format: 'uuid', description: 'Campaign id; not a UUID: 400' });

@ApiTags('campaigns')
@ApiBearerAuth()
@ApiErrors(401)
@UseGuards(ApiKeyGuard)
@Controller('v1/campaigns')
export class CampaignController {
  constructor(private readonly campaigns: CampaignService) {}

  @Post()
  @ApiOperation({ summary: 'Create a campaign (a draft)' })
  @ApiCreatedResponse({ type: CampaignView, description: 'The campaign, as a draft.' })
  @ApiErrors(400, 413, 415)
  @ApiConflictResponse({ type: ApiErrorDto, description: 'Too many simultaneous creates with the same name; retry.' })
  create(@CurrentAccount() account: AuthenticatedAccount, @Body() dto: CreateCampaignDto): Promise<CampaignView> {
    return this.campaigns.create(account, dto);
  }

  @Get()
  @ApiOperation({ summary: "The account's campaigns, newest first (drafts included), paginated (cursor), filterable by status" })
  @ApiOkResponse({ type: CampaignListView })
  @ApiErrors(400)
  list(@CurrentAccount() account: AuthenticatedAccount, @Query() query: ListCampaignsQuery): Promise<CampaignListView> {
    return this.campaigns.list(account, query);
  }

  @Post('preview')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Preview a campaign body: per variant, the text with a sample short link, encoding and SMS segments' })
  @ApiOkResponse({ type: CampaignPreviewView, description: 'Per variant: rendered body, encoding, SMS segments.' })
  @ApiErrors(400, 413, 415)
  preview(@Body() dto: CreateCampaignDto): CampaignPreviewView {
    return this.campaigns.preview(dto);
  }

  @Get(':id')
  @CampaignId()
  @ApiOperation({ summary: 'A campaign: status and message counts' })
  @ApiOkResponse({ type: CampaignView })
  @ApiErrors(400, 404)
  get(@CurrentAccount() account: AuthenticatedAccount, @Param('id', new UuidParam('id')) id: string): Promise<CampaignView> {
    return this.campaigns.get(account, id);
  }

  @Post(':id/launch')
  @HttpCode(HttpStatus.ACCEPTED)
  @CampaignId()
  @ApiOperation({ summary: 'Launch: build every message and link and queue the sends; launching twice sends once' })
  @ApiAcceptedResponse({ type: CampaignView, description: 'Launched (or already launched: nothing changes).' })
  @ApiErrors(400, 404)
  @ApiConflictResponse({ type: ApiErrorDto, description: 'The campaign is cancelled or completed.' })
  launch(@CurrentAccount() account: AuthenticatedAccount, @Param('id', new UuidParam('id')) id: string): Promise<CampaignView> {
    return this.campaigns.launch(account, id);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @CampaignId()
  @ApiOperation({ summary: 'Cancel: sends not yet handed to the provider are cancelled' })
  @ApiOkResponse({ type: CampaignView, description: 'Cancelled; queued sends are cancelled too.' })
  @ApiErrors(400, 404)
  @ApiConflictResponse({ type: ApiErrorDto, description: 'The campaign is already completed.' })
  cancel(@CurrentAccount() account: AuthenticatedAccount, @Param('id', new UuidParam('id')) id: string): Promise<CampaignView> {
    return this.campaigns.cancel(account, id);
  }
}
