import { Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { AppConfig } from '../../config/app-config.js';
import { BaseUrlRequestClient } from './base-url-request-client.js';
import { toSmsProviderError } from './provider-error.js';
import { PROVIDER_REQUEST_TIMEOUT_MS, type AcceptedSms, type OutboundSms, type ProviderMessage, type SmsProvider } from './sms-provider.js';

type TwilioClient = ReturnType<typeof twilio>;
type MessageInstance = Awaited<ReturnType<TwilioClient['messages']['create']>>;

/** Reconciliation looks at one recipient's newest messages from one sender: a page or two at most. */
const RECENT_LIMIT = 100;

const isMessagingServiceSid = (sender: string) => sender.startsWith('MG');

/** The SMS provider port on the official Twilio SDK (pointed at the sandbox when TWILIO_API_BASE_URL is set). */
@Injectable()
export class TwilioSmsProvider implements SmsProvider {
  private cached?: { key: string; client: TwilioClient };

  constructor(private readonly config: AppConfig) {}

  async send(sms: OutboundSms): Promise<AcceptedSms> {
    const sender = isMessagingServiceSid(sms.sender) ? { messagingServiceSid: sms.sender } : { from: sms.sender };
    try {
      const message = await this.client().messages.create({ to: sms.to, body: sms.body, statusCallback: sms.statusCallback, ...sender });
      return { sid: message.sid, status: message.status, acceptedAt: new Date() };
    } catch (error) {
      throw toSmsProviderError(error);
    }
  }

  async findRecent(query: { to: string; sender: string; since: Date }): Promise<ProviderMessage[]> {
    const byService = isMessagingServiceSid(query.sender);
    try {
      // No DateSent filter: Twilio applies it to date_sent, which a message still
      // queued or accepted at Twilio does not have yet, so exactly the messages
      // reconciliation must find would be missing (and be sent again). The list
      // is newest first; creation time is filtered here instead.
      const found = await this.client().messages.list({
        to: query.to,
        ...(byService ? {} : { from: query.sender }),
        limit: RECENT_LIMIT,
      });
      // A Messaging Service sends from its pool's numbers, so a number's list also shows what a
      // service sent through it: those are not this sender's messages.
      return found
        .filter((m) => (byService ? m.messagingServiceSid === query.sender : !m.messagingServiceSid) && m.dateCreated >= query.since)
        .map(toProviderMessage);
    } catch (error) {
      throw toSmsProviderError(error);
    }
  }

  isValidSignature(signature: string | undefined, url: string, params: Record<string, string>): boolean {
    if (!signature) return false;
    try {
      return twilio.validateRequest(this.config.TWILIO_AUTH_TOKEN, signature, url, params);
    } catch {
      return false;
    }
  }

  /** One SDK client per credentials; config is read at use time so tests can change it after boot. */
  private client(): TwilioClient {
    const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken } = this.config;
    const key = `${accountSid}:${authToken}`;
    if (this.cached?.key !== key) {
      const httpClient = new BaseUrlRequestClient(() => this.config.TWILIO_API_BASE_URL, { timeout: PROVIDER_REQUEST_TIMEOUT_MS, keepAlive: true });
      // BullMQ owns retries (with backoff and the send state machine): the SDK must not retry on its own.
      this.cached = { key, client: twilio(accountSid, authToken, { httpClient, autoRetry: false }) };
    }
    return this.cached.client;
  }
}

function toProviderMessage(message: MessageInstance): ProviderMessage {
  return {
    sid: message.sid,
    to: message.to,
    from: message.from ?? null,
    messagingServiceSid: message.messagingServiceSid ?? null,
    body: message.body,
    status: message.status,
    dateCreated: message.dateCreated,
  };
}
