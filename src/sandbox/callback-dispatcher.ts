import { postSignedForm } from './signing.js';
import { API_VERSION } from './twilio-resources.js';
import type { MessageStore, SandboxMessage } from './message-store.js';
import type { PlannedCallback } from './callback-plan.js';
import type { SandboxOptions } from './sandbox-options.js';

/** One StatusCallback attempt, kept so tests can see what the app was told and how it answered. */
export interface CallbackAttempt {
  messageSid: string;
  url: string;
  status: string;
  params: Record<string, string>;
  attempt: number;
  /** HTTP status of the app's answer; undefined when the POST itself failed. */
  responseStatus?: number;
  error?: string;
  at: Date;
}

/**
 * Posts each message's planned status callbacks at their time, retrying
 * failures a few times like Twilio, and moves the stored status along even
 * when nobody listens (the API's fetch/list then show it).
 */
export class CallbackDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly log: CallbackAttempt[] = [];
  private closed = false;

  constructor(
    private readonly store: MessageStore,
    private readonly options: () => SandboxOptions,
    private readonly pickServiceNumber: (message: SandboxMessage) => string,
  ) {}

  schedule(message: SandboxMessage, plan: PlannedCallback[]): void {
    for (const step of plan) this.later(step.atMs, () => this.fire(message, step));
  }

  attempts(): CallbackAttempt[] {
    return [...this.log];
  }

  /** Forgets pending callbacks and the attempt log (reset between tests). */
  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.log.length = 0;
  }

  /** Cancels what has not started and waits for posts already on the wire. */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelAll();
    await Promise.allSettled([...this.inFlight]);
  }

  private later(delayMs: number, work: () => Promise<void>): void {
    // A post failing while the sandbox closes must not leave a retry timer behind.
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const running = work().finally(() => this.inFlight.delete(running));
      this.inFlight.add(running);
    }, delayMs);
    this.timers.add(timer);
  }

  private async fire(message: SandboxMessage, step: PlannedCallback): Promise<void> {
    const from = message.from ?? this.pickServiceNumber(message);
    this.store.update(message.sid, { status: step.status, errorCode: step.errorCode ?? null, from }, new Date());
    if (!message.statusCallback) return;
    await this.post(message.statusCallback, callbackParams(message, from, step), message.sid, step.status, 1);
  }

  private async post(url: string, params: Record<string, string>, messageSid: string, status: string, attempt: number): Promise<void> {
    const { authToken, callbackTimeoutMs, callbackRetries, callbackRetryDelayMs, webhookProxy } = this.options();
    const record: CallbackAttempt = { messageSid, url, status, params, attempt, at: new Date() };
    this.log.push(record);
    try {
      const answer = await postSignedForm(url, params, authToken, callbackTimeoutMs, webhookProxy);
      record.responseStatus = answer.status;
      if (answer.status < 500 && answer.status !== 429) return;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    if (attempt <= callbackRetries) {
      this.later(callbackRetryDelayMs * attempt, () => this.post(url, params, messageSid, status, attempt + 1));
    }
  }
}

/** The form fields Twilio posts to a StatusCallback. */
export function callbackParams(message: SandboxMessage, from: string, step: PlannedCallback): Record<string, string> {
  const params: Record<string, string> = {
    AccountSid: message.accountSid,
    ApiVersion: API_VERSION,
    From: from,
    MessageSid: message.sid,
    MessageStatus: step.status,
    SmsSid: message.sid,
    SmsStatus: step.status,
    To: message.to,
  };
  if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
  if (step.errorCode) params.ErrorCode = String(step.errorCode);
  if (step.status === 'delivered') params.RawDlrDoneDate = rawDlrDoneDate(new Date());
  return params;
}

/** Carriers' delivery-receipt timestamp, YYMMDDhhmm in UTC. */
function rawDlrDoneDate(date: Date): string {
  return date.toISOString().replace(/[-T:]/g, '').slice(2, 12);
}
