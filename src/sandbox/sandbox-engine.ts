import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { CallbackDispatcher } from './callback-dispatcher.js';
import { planCallbacks } from './callback-plan.js';
import { MessageStore, type SandboxInboundMessage, type SandboxMessage } from './message-store.js';
import type { CreateMessageRequest } from './message-validation.js';
import { randomFor } from './random.js';
import { DEFAULT_SANDBOX_OPTIONS, mergeOptions, type SandboxOptions } from './sandbox-options.js';
import { postSignedForm, type WebhookAnswer } from './signing.js';
import { API_VERSION } from './twilio-resources.js';

/** How the next Twilio API calls should fail (failNext). */
export interface FailureSpec {
  /** HTTP status to answer with (default 500). */
  httpStatus?: number;
  /** Twilio error code in the body (default: 20429 for 429, 20503 for 503, 20500 for other 5xx). */
  code?: number;
  message?: string;
  /**
   * error: answer httpStatus/code (default).
   * disconnect: drop the connection without answering (a network error; nothing accepted).
   * accept-then-disconnect: accept the message, then drop the connection before answering
   *   (the crash case: Twilio has it, the caller never learns the sid).
   */
  mode?: 'error' | 'disconnect' | 'accept-then-disconnect';
}

export interface InboundSms {
  from: string;
  to: string;
  body: string;
  messagingServiceSid?: string;
}

/** The sandbox's state and behaviour, independent of HTTP. */
export class SandboxEngine {
  options: SandboxOptions;
  readonly store = new MessageStore();
  readonly dispatcher: CallbackDispatcher;
  private failures: FailureSpec[] = [];
  private sequence = 0;

  constructor(options: Partial<SandboxOptions> = {}) {
    this.options = mergeOptions(DEFAULT_SANDBOX_OPTIONS, options);
    this.dispatcher = new CallbackDispatcher(this.store, () => this.options, (message) => this.serviceNumberFor(message));
  }

  configure(update: Partial<SandboxOptions>): SandboxOptions {
    this.options = mergeOptions(this.options, update);
    return this.options;
  }

  /** Stores an accepted message and schedules its status callbacks. */
  accept(accountSid: string, request: CreateMessageRequest): SandboxMessage {
    const sid = `SM${randomFor(this.options.seed, `sid|${this.sequence++}`).hex(32)}`;
    const { message, ordinal } = this.store.add(sid, accountSid, request, new Date());
    const plan = planCallbacks(randomFor(this.options.seed, `plan|${request.to}|${ordinal}`), this.options);
    this.dispatcher.schedule(message, plan);
    return message;
  }

  failNext(count: number, spec: FailureSpec = {}): void {
    if (!Number.isInteger(count) || count < 0) throw new Error('count must be a non-negative integer');
    for (let i = 0; i < count; i++) this.failures.push({ ...spec });
  }

  /** The failure the current API call must suffer, if failNext() queued one. */
  takeFailure(): FailureSpec | undefined {
    return this.failures.shift();
  }

  /** Forgets messages, inbound SMS, pending callbacks and injected failures (options stay). */
  reset(): void {
    this.dispatcher.cancelAll();
    this.store.clear();
    this.failures = [];
    this.sequence = 0;
  }

  /** Posts a signed incoming SMS to the inbound webhook, as Twilio does, and returns the app's TwiML answer. */
  async deliverInbound(sms: InboundSms): Promise<WebhookAnswer> {
    const url = this.options.inboundWebhookUrl;
    if (!url) throw new Error('No inbound webhook URL configured (setInboundWebhookUrl or SANDBOX_INBOUND_WEBHOOK_URL)');
    const sid = `SM${randomFor(this.options.seed, `inbound|${this.sequence++}`).hex(32)}`;
    const params = inboundParams(sid, this.options.accountSid, sms);
    const response = await postSignedForm(url, params, this.options.authToken, this.options.callbackTimeoutMs, this.options.webhookProxy);
    const record: SandboxInboundMessage = {
      sid,
      from: sms.from,
      to: sms.to,
      body: sms.body,
      messagingServiceSid: sms.messagingServiceSid ?? null,
      webhookUrl: url,
      response,
      dateCreated: new Date(),
    };
    this.store.addInbound(record);
    return response;
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  /** A Messaging Service keeps one sender per recipient (sticky sender), picked from its pool. */
  private serviceNumberFor(message: SandboxMessage): string {
    const pool = this.options.messagingServiceNumbers;
    const index = [...message.to].reduce((sum, char) => sum + char.charCodeAt(0), 0) % pool.length;
    return pool[index];
  }
}

/** The form fields Twilio posts to an incoming-message webhook. */
export function inboundParams(sid: string, accountSid: string, sms: InboundSms): Record<string, string> {
  const params: Record<string, string> = {
    AccountSid: accountSid,
    ApiVersion: API_VERSION,
    Body: sms.body,
    From: sms.from,
    FromCountry: countryOf(sms.from),
    MessageSid: sid,
    NumMedia: '0',
    NumSegments: '1',
    SmsMessageSid: sid,
    SmsSid: sid,
    SmsStatus: 'received',
    To: sms.to,
    ToCountry: countryOf(sms.to),
  };
  if (sms.messagingServiceSid) params.MessagingServiceSid = sms.messagingServiceSid;
  return params;
}

function countryOf(phone: string): string {
  return parsePhoneNumberFromString(phone)?.country ?? '';
}
