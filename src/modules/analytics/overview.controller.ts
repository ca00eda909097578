import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/api-error.dto.js';
import type { AuthenticatedAccount } from '../account/account.service.js';
import { ApiKeyGuard, CurrentAccount } from '../account/api-key.guard.js';
import { AnalyticsService } from './analytics.service.js';
import { OverviewQuery } from './dto/analytics-queries.dto.js';
import { OverviewView } from './dto/analytics.view.js';

@ApiTags('analytics')
@ApiBearerAuth()
@ApiErrors(400, 401)
@UseGuards(ApiKeyGuard)
@Controller('v1/analytics')
export class OverviewController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('overview')
  @ApiOperation({ summary: 'Account overview: launched campaigns with their metrics, totals, top campaigns and top links; date range and tags filters' })
  @ApiOkResponse({ type: OverviewView })
  overview(@CurrentAccount() account: AuthenticatedAccount, @Query() query: OverviewQuery): Promise<OverviewView> {
    return this.analytics.overview(account.accountId, query);
  }
}
