import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorDto, ApiErrors } from '../../common/api-error.dto.js';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import type { AuthenticatedAccount } from '../account/account.service.js';
import { ApiKeyGuard, CurrentAccount } from '../account/api-key.guard.js';
import { CreateWebhookEndpointDto, UpdateWebhookEndpointDto, WebhookDeliveriesQuery } from './dto/webhook-endpoint.dto.js';
import { WebhookDeliveryDetailView, WebhookDeliveryPageView, WebhookDeliveryView, WebhookEndpointView, WebhookEndpointWithSecretView } from './dto/webhook.view.js';
import { WebhookEndpointService } from './webhook-endpoint.service.js';

const EndpointId = () => ApiParam({ name: 'id', format: 'uuid', description: 'Webhook endpoint id; not a UUID: 400' });
const Disabled = () => ApiConflictResponse({ type: ApiErrorDto, description: 'The endpoint is disabled.' });

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiErrors(400, 401, 404)
@UseGuards(ApiKeyGuard)
@Controller('v1')
export class WebhookEndpointController {
  constructor(private readonly endpoints: WebhookEndpointService) {}

  @Post('webhook-endpoints')
  @ApiOperation({ summary: 'Add a CRM endpoint; the answer carries its signing secret, shown only here' })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretView })
  @ApiErrors(415)
  create(@CurrentAccount() account: AuthenticatedAccount, @Body() body: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecretView> {
    return this.endpoints.create(account.accountId, body);
  }

  @Get('webhook-endpoints')
  @ApiOperation({ summary: "The account's webhook endpoints" })
  @ApiOkResponse({ type: [WebhookEndpointView] })
  list(@CurrentAccount() account: AuthenticatedAccount): Promise<WebhookEndpointView[]> {
    return this.endpoints.list(account.accountId);
  }

  @Get('webhook-endpoints/:id')
  @EndpointId()
  @ApiOperation({ summary: 'A webhook endpoint, with why it was disabled if it was' })
  @ApiOkResponse({ type: WebhookEndpointView })
  get(@CurrentAccount() account: AuthenticatedAccount, @Param('id', new UuidParam('id')) id: string): Promise<WebhookEndpointView> {
    return this.endpoints.get(account.accountId, id);
  }

  @Patch('webhook-endpoints/:id')
  @EndpointId()
  @ApiOperation({ summary: 'Change url, events, description, bot clicks; enabled: false stops it, true re-enables and clears its failures' })
  @ApiOkResponse({ type: WebhookEndpointView })
  update(@CurrentAccount() account: AuthenticatedAccount, @Param('id', new UuidParam('id')) id: string, @Body() body: UpdateWebhookEndpointDto): Promise<WebhookEndpointView> {
    return this.endpoints.update(account.accountId, id, body);
  }

  @Post('webhook-endpoints/:id/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @EndpointId()
  @ApiOperation({ summary: 'New signing secret (shown only here); the old one keeps signing beside it for 24 hours' })
  @ApiOkResponse({ type: WebhookEndpointWithSecretView })
  rotateSecret(@CurrentAccount() account: AuthenticatedAccount, @Param('id', new UuidParam('id')) id: string): Promise<WebhookEndpointWithSecretView> {
    return this.endpoints.rotateSecret(account.accountId, id);
  }

  @Delete('webhook-endpoints/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @EndpointId()
  @ApiOperation({ summary: 'Delete an endpoint and its delivery log' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  remove(@CurrentAccount() account: AuthenticatedAccount, @Param('id', new UuidParam('id')) id: string): Promise<void> {
    return this.endpoints.remove(account.accountId, id);
  }

  @Post('webhook-endpoints/:id/test')
  @HttpCode(HttpStatus.ACCEPTED)
  @EndpointId()
  @ApiOperation({ summary: 'Send a webhook.test event to this endpoint; follow it in the delivery log' })
  @ApiAcceptedResponse({ type: WebhookDeliveryView })
  @Disabled()
  sendTest(@CurrentAccount() account: AuthenticatedAccount, @Param('id', new UuidParam('id')) id: string): Promise<WebhookDeliveryView> {
    return this.endpoints.sendTest(account.accountId, id);
  }

  @Get('webhook-endpoints/:id/deliveries')
  @EndpointId()
  @ApiOperation({ summary: 'Delivery log, newest first: event, attempts, status code, latency, error, next retry' })
  @ApiOkResponse({ type: WebhookDeliveryPageView })
  deliveries(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('id', new UuidParam('id')) id: string,
    @Query() query: WebhookDeliveriesQuery,
  ): Promise<WebhookDeliveryPageView> {
    return this.endpoints.deliveries(account.accountId, id, query);
  }

  @Get('webhook-deliveries/:id')
  @ApiParam({ name: 'id', format: 'uuid', description: 'Webhook delivery id; not a UUID: 400' })
  @ApiOperation({ summary: 'One delivery with every attempt: time, status code, latency, error, response snippet' })
  @ApiOkResponse({ type: WebhookDeliveryDetailView })
  delivery(@CurrentAccount() account: AuthenticatedAccount, @Param('id', new UuidParam('id')) id: string): Promise<WebhookDeliveryDetailView> {
    return this.endpoints.deliveryDetail(account.accountId, id);
  }

  @Post('webhook-deliveries/:id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiParam({ name: 'id', format: 'uuid', description: 'Webhook delivery id; not a UUID: 400' })
  @ApiOperation({ summary: 'Attempt a delivery again now (a succeeded one is replayed with the same webhook-id)' })
  @ApiAcceptedResponse({ type: WebhookDeliveryView })
  @Disabled()
  retry(@CurrentAccount() account: AuthenticatedAccount, @Param('id', new UuidParam('id')) id: string): Promise<WebhookDeliveryView> {
    return this.endpoints.retry(account.accountId, id);
  }
}
