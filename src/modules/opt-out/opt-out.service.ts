import { Injectable, Logger } from '@nestjs/common';
import { maskPhone } from '../../common/mask.js';
import { AppConfig } from '../../config/app-config.js';
import { parseInboundKeyword, InboundKeywordKind } from './inbound-keyword.js';
import { InboundOutcome, OptOutRepository } from './opt-out.repository.js';

const DAY_MS = 24 * 3600 * 1000;

export interface InboundSmsInput {
  providerSid: string;
  from: string;
  to: string;
  messagingServiceSid?: string | null;
  body: string;
}

export interface HandledInbound extends InboundOutcome {
  kind: InboundKeywordKind;
}

/**
 * Opt-out state per (sender, phone), where sender is a number or a Messaging
 * Service: a STOP to a sender silences it for every account using it
 * (metrics.md), until the phone opts back in.
 */
@Injectable()
export class OptOutService {
  private readonly logger = new Logger(OptOutService.name);

  constructor(
    private readonly repository: OptOutRepository,
    private readonly config: AppConfig,
  ) {}

  isOptedOut(sender: string, phone: string): Promise<boolean> {
    return this.repository.isOptedOut(sender, phone);
  }

  /** The provider refused a send because the phone unsubscribed (Twilio 21610): remember it. */
  async recordProviderOptOut(sender: string, phone: string): Promise<void> {
    const changed = await this.repository.optOut([sender], phone, new Date());
    if (changed.length) this.logger.log(`Provider reports ${maskPhone(phone)} unsubscribed from ${sender}`);
  }

  /** Stores an inbound SMS and applies STOP/START to the inbound To and its Messaging Service. */
  async handleInbound(input: InboundSmsInput): Promise<HandledInbound> {
    const kind = parseInboundKeyword(input.body);
    const receivedAt = new Date();
    const since = new Date(receivedAt.getTime() - this.config.OPT_OUT_ATTRIBUTION_DAYS * DAY_MS);
    const outcome = await this.repository.recordInbound(
      {
        providerSid: input.providerSid,
        phone: input.from,
        sender: input.to,
        messagingServiceSid: input.messagingServiceSid || null,
        body: input.body,
        kind,
        receivedAt,
      },
      since,
    );
    if (outcome.changedState) {
      this.logger.log(`${maskPhone(input.from)} ${kind === 'opt_out' ? 'opted out of' : 'opted back in to'} ${input.to}`);
    }
    return { kind, ...outcome };
  }
}
