import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../../common/domain-error.js';
import { toStorableText } from '../../common/storable-text.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { OptOutService } from '../opt-out/opt-out.service.js';
import { inboundReplyTwiml } from './inbound-reply.js';

/** The fields of Twilio's incoming-message webhook we use. */
export interface InboundWebhook {
  MessageSid?: string;
  SmsSid?: string;
  From?: string;
  To?: string;
  Body?: string;
  MessagingServiceSid?: string;
}

/** Incoming SMS: stored, STOP/START applied, answered with TwiML. */
@Injectable()
export class InboundService {
  constructor(
    private readonly optOuts: OptOutService,
    private readonly metrics: MetricsService,
  ) {}

  async handle(params: InboundWebhook): Promise<string> {
    const providerSid = params.MessageSid ?? params.SmsSid;
    if (!providerSid) throw new InvalidInputError('MessageSid', 'is required');
    if (!params.From) throw new InvalidInputError('From', 'is required');
    if (!params.To) throw new InvalidInputError('To', 'is required');
    const handled = await this.optOuts.handleInbound({
      providerSid: toStorableText(providerSid),
      from: toStorableText(params.From),
      to: toStorableText(params.To),
      messagingServiceSid: params.MessagingServiceSid && toStorableText(params.MessagingServiceSid),
      body: toStorableText(params.Body ?? ''),
    });
    this.metrics.providerWebhooks.inc({ kind: 'inbound', outcome: handled.duplicate ? 'ignored' : 'accepted' });
    // A retried webhook gets the same answer: the reply depends only on the keyword.
    return inboundReplyTwiml(handled.kind);
  }
}
