import { Body, Controller, HttpStatus, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrorDto, ApiErrors } from '../../common/api-error.dto.js';
import type { AuthenticatedAccount } from '../account/account.service.js';
import { ApiKeyGuard, CurrentAccount } from '../account/api-key.guard.js';
import { ConversionService } from './conversion.service.js';
import { ConversionView } from './dto/conversion.view.js';
import { CreateConversionDto } from './dto/create-conversion.dto.js';

@ApiTags('conversions')
@ApiBearerAuth()
@ApiErrors(400, 401, 404, 415)
@UseGuards(ApiKeyGuard)
@Controller('v1/conversions')
export class ConversionController {
  constructor(private readonly conversions: ConversionService) {}

  @Post()
  @ApiOperation({ summary: 'Attribute a conversion (purchase, signup) to the message behind a short link, or by recipient to their latest message or holdout; idempotent with idempotencyKey' })
  @ApiCreatedResponse({ type: ConversionView, description: 'Stored and counted.' })
  @ApiOkResponse({ type: ConversionView, description: 'Already stored under this idempotencyKey: nothing counted again.' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'The idempotencyKey was used for a different conversion.' })
  async create(@CurrentAccount() account: AuthenticatedAccount, @Body() dto: CreateConversionDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ConversionView> {
    const { conversion, created } = await this.conversions.record(account, dto);
    reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return conversion;
  }
}
