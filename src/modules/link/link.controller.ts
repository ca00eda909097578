import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors } from '../../common/api-error.dto.js';
import type { AuthenticatedAccount } from '../account/account.service.js';
import { ApiKeyGuard, CurrentAccount } from '../account/api-key.guard.js';
import { LinkDetailQuery, QrQuery } from './dto/link-queries.dto.js';
import { LinkView } from './dto/link.view.js';
import { LinkService } from './link.service.js';

const Code = () => ApiParam({ name: 'code', example: 'Ab3dEf9h', description: 'The short code (the path of the short link)' });

@ApiTags('links')
@ApiBearerAuth()
@ApiErrors(401, 404)
@UseGuards(ApiKeyGuard)
@Controller('v1/links')
export class LinkController {
  constructor(private readonly links: LinkService) {}

  @Get(':code')
  @Code()
  @ApiOperation({ summary: 'A tracked link: destination, status, its message, click counts and the latest clicks' })
  @ApiOkResponse({ type: LinkView })
  @ApiErrors(400)
  get(@CurrentAccount() account: AuthenticatedAccount, @Param('code') code: string, @Query() query: LinkDetailQuery): Promise<LinkView> {
    return this.links.detail(account.accountId, code, query.clicks ?? 100);
  }

  @Get(':code/qr')
  @Code()
  @ApiOperation({ summary: 'QR code of the short link; scans are recorded as scans (source "qr"), apart from clicks' })
  @ApiProduces('image/svg+xml', 'image/png')
  @ApiOkResponse({ description: 'The QR code image.' })
  @ApiErrors(400)
  async qr(@CurrentAccount() account: AuthenticatedAccount, @Param('code') code: string, @Query() query: QrQuery, @Res() reply: FastifyReply): Promise<void> {
    const image = await this.links.qrCode(account.accountId, code, query.format ?? 'svg', query.size);
    await reply.header('content-type', image.contentType).header('cache-control', 'private, max-age=3600').send(image.body);
  }

  @Post(':code/disable')
  @HttpCode(HttpStatus.OK)
  @Code()
  @ApiOperation({ summary: 'Disable a link: it answers 404 from now on (taps are still recorded, with outcome "disabled")' })
  @ApiOkResponse({ type: LinkView })
  disable(@CurrentAccount() account: AuthenticatedAccount, @Param('code') code: string): Promise<LinkView> {
    return this.links.setDisabled(account.accountId, code, true);
  }

  @Post(':code/enable')
  @HttpCode(HttpStatus.OK)
  @Code()
  @ApiOperation({ summary: 'Enable a disabled link again' })
  @ApiOkResponse({ type: LinkView })
  enable(@CurrentAccount() account: AuthenticatedAccount, @Param('code') code: string): Promise<LinkView> {
    return this.links.setDisabled(account.accountId, code, false);
  }
}
