import { Body, Controller, Header, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorDto } from '../../common/api-error.dto.js';
import { ReceiptService } from '../send/receipt.service.js';
import { InboundService } from './inbound.service.js';
import { formParams, TwilioSignatureGuard } from './twilio-signature.guard.js';

/** OpenAPI description of the form fields we read (Twilio sends more; all are covered by the signature). */
function formSchema(fields: Record<string, string>) {
  return { type: 'object', properties: Object.fromEntries(Object.entries(fields).map(([name, description]) => [name, { type: 'string', description }])) };
}

/** Webhooks Twilio calls; authenticated by X-Twilio-Signature instead of an API key. */
@ApiTags('provider webhooks')
@ApiConsumes('application/x-www-form-urlencoded')
@ApiHeader({ name: 'X-Twilio-Signature', required: true, description: 'Twilio request signature; wrong or missing gives 403' })
@ApiResponse({ status: 403, type: ApiErrorDto, description: 'Missing or invalid X-Twilio-Signature; nothing is stored' })
@Controller('webhooks/twilio')
@UseGuards(TwilioSignatureGuard)
export class ProviderWebhookController {
  constructor(
    private readonly receipts: ReceiptService,
    private readonly inbound: InboundService,
  ) {}

  @Post('status')
  @HttpCode(204)
  @ApiOperation({ summary: 'Twilio StatusCallback: delivery receipts (MessageSid, MessageStatus, ErrorCode)' })
  @ApiQuery({ name: 'messageId', required: false, description: 'Set by us in the callback URL given to Twilio' })
  @ApiBody({ schema: formSchema({ MessageSid: 'SM... id of the message', MessageStatus: 'queued, sent, delivered, undelivered, failed, ...', ErrorCode: 'Twilio error code for undelivered/failed' }) })
  async status(@Body() body: unknown, @Query('messageId') messageId?: string): Promise<void> {
    await this.receipts.applyStatusCallback(formParams(body), messageId);
  }

  @Post('inbound')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  @ApiProduces('text/xml')
  @ApiOperation({ summary: 'Incoming SMS (STOP / START / HELP keywords); answers TwiML' })
  @ApiBody({ schema: formSchema({ MessageSid: 'SM... id of the inbound SMS', From: 'the phone (E.164)', To: 'our sender number', Body: 'the text', MessagingServiceSid: 'MG... when the number belongs to a Messaging Service' }) })
  inboundSms(@Body() body: unknown): Promise<string> {
    return this.inbound.handle(formParams(body));
  }
}
