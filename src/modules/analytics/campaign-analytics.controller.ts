import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { ApiErrors } from '../../common/api-error.dto.js';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import type { AuthenticatedAccount } from '../account/account.service.js';
import { ApiKeyGuard, CurrentAccount } from '../account/api-key.guard.js';
import { AnalyticsService } from './analytics.service.js';
import { messagesCsv, statsCsvRows, toCsv } from './csv-export.js';
import { BreakdownQuery, MessagesExportQuery, MessagesQuery, TimeToClickQuery, TimeseriesQuery, TopLinksQuery } from './dto/analytics-queries.dto.js';
import { BreakdownView, MessagePageView, TimeToClickHistogramView, TimeseriesView, TopLinkView } from './dto/analytics.view.js';
import { groupKeys, StatsQuery } from './dto/stats-query.dto.js';
import { CampaignStatsView } from './dto/stats.view.js';
import { StatsService } from './stats.service.js';

const CampaignId = () => ApiParam({ name: 'id', format: 'uuid', description: 'Campaign id; not a UUID: 400' });
const Id = () => new UuidParam('id');

async function sendCsv(reply: FastifyReply, filename: string, body: Readable): Promise<void> {
  await reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

@ApiTags('analytics')
@ApiBearerAuth()
@ApiErrors(400, 401, 404)
@UseGuards(ApiKeyGuard)
@Controller('v1/campaigns/:id')
export class CampaignAnalyticsController {
  constructor(
    private readonly stats: StatsService,
    private readonly analytics: AnalyticsService,
  ) {}

  @Get('stats')
  @CampaignId()
  @ApiOperation({ summary: 'Every metric of metrics.md for the campaign and each group, and the A/B comparison with its opt-out guardrail' })
  @ApiOkResponse({ type: CampaignStatsView })
  campaignStats(@CurrentAccount() account: AuthenticatedAccount, @Param('id', Id()) id: string, @Query() query: StatsQuery): Promise<CampaignStatsView> {
    return this.stats.campaignStats(account.accountId, id, groupKeys(query.groupBy));
  }

  @Get('stats/export')
  @CampaignId()
  @ApiOperation({ summary: 'The stats as CSV: the campaign, then each group, with the A/B columns on variant groups' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv' })
  async exportStats(@CurrentAccount() account: AuthenticatedAccount, @Param('id', Id()) id: string, @Query() query: StatsQuery, @Res() reply: FastifyReply): Promise<void> {
    const stats = await this.stats.campaignStats(account.accountId, id, groupKeys(query.groupBy));
    await sendCsv(reply, `campaign-${id}-stats.csv`, toCsv(statsCsvRows(stats)));
  }

  @Get('timeseries')
  @CampaignId()
  @ApiOperation({ summary: "Deliveries, human clicks, unique clicks and bot clicks per hour or day, in the account's timezone" })
  @ApiOkResponse({ type: TimeseriesView })
  timeseries(@CurrentAccount() account: AuthenticatedAccount, @Param('id', Id()) id: string, @Query() query: TimeseriesQuery): Promise<TimeseriesView> {
    return this.analytics.timeseries(account.accountId, id, query.interval ?? 'hour');
  }

  @Get('time-to-click')
  @CampaignId()
  @ApiOperation({ summary: 'Clicked messages by time to click (first human click minus delivery), in buckets of seconds, per variant' })
  @ApiOkResponse({ type: TimeToClickHistogramView })
  timeToClick(@CurrentAccount() account: AuthenticatedAccount, @Param('id', Id()) id: string, @Query() query: TimeToClickQuery): Promise<TimeToClickHistogramView> {
    return this.analytics.timeToClick(account.accountId, id, query.buckets);
  }

  @Get('breakdown')
  @CampaignId()
  @ApiOperation({ summary: 'Link clicks by device, OS, browser, country, city, referrer host, click class or classification reason' })
  @ApiOkResponse({ type: BreakdownView })
  breakdown(@CurrentAccount() account: AuthenticatedAccount, @Param('id', Id()) id: string, @Query() query: BreakdownQuery): Promise<BreakdownView> {
    return this.analytics.breakdown(account.accountId, id, query.by ?? 'device', query.limit ?? 50);
  }

  @Get('messages')
  @CampaignId()
  @ApiOperation({ summary: 'The messages, paginated (cursor), filterable by variant, segment, status and clicked' })
  @ApiOkResponse({ type: MessagePageView })
  messages(@CurrentAccount() account: AuthenticatedAccount, @Param('id', Id()) id: string, @Query() query: MessagesQuery): Promise<MessagePageView> {
    const { limit, cursor, ...filter } = query;
    return this.analytics.messages(account.accountId, id, filter, limit ?? 50, cursor);
  }

  @Get('messages/export')
  @CampaignId()
  @ApiOperation({ summary: 'The messages as CSV (same filters); phone numbers masked unless revealPhones=true' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv' })
  async exportMessages(@CurrentAccount() account: AuthenticatedAccount, @Param('id', Id()) id: string, @Query() query: MessagesExportQuery, @Res() reply: FastifyReply): Promise<void> {
    const { revealPhones, ...filter } = query;
    // Checked before the first byte: a 404 must still be a JSON error, not a broken CSV.
    await this.analytics.campaign(account.accountId, id);
    await sendCsv(reply, `campaign-${id}-messages.csv`, messagesCsv(this.analytics.allMessages(id, filter), revealPhones ?? false));
  }

  @Get('top-links')
  @CampaignId()
  @ApiOperation({ summary: "The campaign's destinations by unique clicks" })
  @ApiOkResponse({ type: [TopLinkView] })
  topLinks(@CurrentAccount() account: AuthenticatedAccount, @Param('id', Id()) id: string, @Query() query: TopLinksQuery): Promise<TopLinkView[]> {
    return this.analytics.topLinks(account.accountId, id, query.limit ?? 10);
  }
}
