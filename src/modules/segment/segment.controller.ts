import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorDto, ApiErrors } from '../../common/api-error.dto.js';
import type { AuthenticatedAccount } from '../account/account.service.js';
import { ApiKeyGuard, CurrentAccount } from '../account/api-key.guard.js';
import { CreateSegmentDto, SegmentBodyDto, SegmentPreviewQuery } from './dto/segment.dto.js';
import { SegmentPreviewView, SegmentView } from './dto/segment.view.js';
import { SegmentService } from './segment.service.js';

@ApiTags('segments')
@ApiBearerAuth()
@ApiErrors(401)
@UseGuards(ApiKeyGuard)
@Controller('v1/segments')
export class SegmentController {
  constructor(private readonly segments: SegmentService) {}

  @Post()
  @ApiOperation({ summary: 'Define an engagement segment: an audience rule over clicks, deliveries, conversions, opt-ins and labels' })
  @ApiCreatedResponse({ type: SegmentView })
  @ApiErrors(400, 415)
  @ApiConflictResponse({ type: ApiErrorDto, description: 'A segment with this key exists.' })
  create(@CurrentAccount() account: AuthenticatedAccount, @Body() dto: CreateSegmentDto): Promise<SegmentView> {
    return this.segments.create(account.accountId, dto);
  }

  @Get()
  @ApiOperation({ summary: "The account's segments" })
  @ApiOkResponse({ type: [SegmentView] })
  list(@CurrentAccount() account: AuthenticatedAccount): Promise<SegmentView[]> {
    return this.segments.list(account.accountId);
  }

  @Get(':key')
  @ApiOperation({ summary: 'A segment' })
  @ApiOkResponse({ type: SegmentView })
  @ApiErrors(404)
  get(@CurrentAccount() account: AuthenticatedAccount, @Param('key') key: string): Promise<SegmentView> {
    return this.segments.get(account.accountId, key);
  }

  @Put(':key')
  @ApiOperation({ summary: "Replace a segment's rule, name and description (campaigns already launched keep the audience they had)" })
  @ApiOkResponse({ type: SegmentView })
  @ApiErrors(400, 404, 415)
  replace(@CurrentAccount() account: AuthenticatedAccount, @Param('key') key: string, @Body() dto: SegmentBodyDto): Promise<SegmentView> {
    return this.segments.replace(account.accountId, key, dto);
  }

  @Delete(':key')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a segment (its key becomes a plain label again)' })
  @ApiNoContentResponse()
  @ApiErrors(404)
  async remove(@CurrentAccount() account: AuthenticatedAccount, @Param('key') key: string): Promise<void> {
    await this.segments.remove(account.accountId, key);
  }

  @Get(':key/preview')
  @ApiOperation({ summary: 'How many recipients the segment (or, for an undefined key, the label) holds now, with a sample' })
  @ApiOkResponse({ type: SegmentPreviewView })
  @ApiErrors(400)
  preview(@CurrentAccount() account: AuthenticatedAccount, @Param('key') key: string, @Query() query: SegmentPreviewQuery): Promise<SegmentPreviewView> {
    return this.segments.preview(account.accountId, key, query.sample ?? 10);
  }
}
