import { Body, Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/api-error.dto.js';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { BodyContentTypesConfig } from '../../common/content-type.hook.js';
import type { AuthenticatedAccount } from '../account/account.service.js';
import { ApiKeyGuard, CurrentAccount } from '../account/api-key.guard.js';
import { RecipientDetailsDto, UpsertRecipientsResultDto } from './dto/recipient-responses.dto.js';
import { UpsertRecipientsDto } from './dto/upsert-recipients.dto.js';
import type { UpsertRecipientsResult } from './recipient-intake.js';
import { RecipientService } from './recipient.service.js';

@ApiTags('recipients')
@ApiBearerAuth()
@ApiErrors(401)
@UseGuards(ApiKeyGuard)
@Controller('v1/recipients')
export class RecipientController {
  constructor(private readonly recipients: RecipientService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Upsert recipients by phone; bad rows are listed in `rejected`, good rows are kept' })
  @ApiOkResponse({ type: UpsertRecipientsResultDto })
  @ApiErrors(400, 413, 415)
  upsert(@CurrentAccount() account: AuthenticatedAccount, @Body() body: UpsertRecipientsDto): Promise<UpsertRecipientsResult> {
    return this.recipients.upsert(account, body.recipients);
  }

  @Post('import')
  @RouteConfig({ bodyContentTypes: ['text/csv', 'application/csv'] } satisfies BodyContentTypesConfig)
  @HttpCode(200)
  @ApiOperation({ summary: 'Import a CSV (header row; phone, segments separated by |, external_id, timezone, other columns become attributes)' })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'phone,segments,external_id,timezone,first_name\n+14155550100,vip|newsletter,crm-1,America/Los_Angeles,Ada\n' } })
  @ApiOkResponse({ type: UpsertRecipientsResultDto })
  @ApiErrors(400, 415)
  importCsv(@CurrentAccount() account: AuthenticatedAccount, @Req() request: FastifyRequest): Promise<UpsertRecipientsResult> {
    return this.recipients.importCsv(account, request.body);
  }

  @Get(':phone')
  @ApiOperation({ summary: 'A recipient by phone (URL-encoded E.164 or national number), its opt-out state and history' })
  @ApiParam({ name: 'phone', example: '+14155550100', description: 'URL-encoded (%2B for +); not a phone number: 400' })
  @ApiOkResponse({ type: RecipientDetailsDto })
  @ApiErrors(400, 404)
  get(@CurrentAccount() account: AuthenticatedAccount, @Param('phone') phone: string): Promise<RecipientDetailsDto> {
    return this.recipients.getByPhone(account, phone);
  }
}
