import { SegmentedMessage } from 'sms-segments-calculator';
import type { CreateMessageRequest } from './message-validation.js';

export type SandboxMessageStatus = 'accepted' | 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed';

/** One message the sandbox accepted, as tests see it. */
export interface SandboxMessage {
  sid: string;
  accountSid: string;
  to: string;
  /** The sender number; for a Messaging Service, null until the service picks a number at `sent`. */
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  status: SandboxMessageStatus;
  statusCallback: string | null;
  numSegments: number;
  errorCode: number | null;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
}

/** One incoming SMS the sandbox delivered to the app, with the app's answer. */
export interface SandboxInboundMessage {
  sid: string;
  from: string;
  to: string;
  body: string;
  messagingServiceSid: string | null;
  webhookUrl: string;
  response: { status: number; body: string };
  dateCreated: Date;
}

/** Statuses a message can no longer leave: later events for it are ignored. */
const FINAL_STATUSES = new Set<SandboxMessageStatus>(['delivered', 'undelivered', 'failed']);

/** Accepted messages in arrival order, with the lookups the Twilio API needs. */
export class MessageStore {
  private readonly bySid = new Map<string, SandboxMessage>();
  private readonly countByRecipient = new Map<string, number>();
  private readonly inbound: SandboxInboundMessage[] = [];

  /** Stores an accepted message; returns it and how many messages this recipient had before (for seeded outcomes). */
  add(sid: string, accountSid: string, request: CreateMessageRequest, now: Date): { message: SandboxMessage; ordinal: number } {
    const ordinal = this.countByRecipient.get(request.to) ?? 0;
    this.countByRecipient.set(request.to, ordinal + 1);
    const message: SandboxMessage = {
      sid,
      accountSid,
      to: request.to,
      from: request.from,
      messagingServiceSid: request.messagingServiceSid,
      body: request.body,
      // Twilio answers `accepted` when a Messaging Service still has to pick a sender.
      status: request.messagingServiceSid ? 'accepted' : 'queued',
      statusCallback: request.statusCallback,
      numSegments: countSegments(request.body),
      errorCode: null,
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
    };
    this.bySid.set(sid, message);
    return { message, ordinal };
  }

  get(sid: string): SandboxMessage | undefined {
    return this.bySid.get(sid);
  }

  /** Applies a status event; a message that reached a final status keeps it (a late `sent` changes nothing). */
  update(sid: string, change: { status: SandboxMessageStatus; errorCode?: number | null; from?: string | null }, now: Date): void {
    const message = this.bySid.get(sid);
    if (!message || FINAL_STATUSES.has(message.status)) return;
    message.status = change.status;
    message.dateUpdated = now;
    if (change.errorCode !== undefined) message.errorCode = change.errorCode;
    if (change.from !== undefined && message.from === null) message.from = change.from;
    if (change.status !== 'failed') message.dateSent ??= now;
  }

  all(): SandboxMessage[] {
    return [...this.bySid.values()];
  }

  addInbound(message: SandboxInboundMessage): void {
    this.inbound.push(message);
  }

  allInbound(): SandboxInboundMessage[] {
    return [...this.inbound];
  }

  clear(): void {
    this.bySid.clear();
    this.countByRecipient.clear();
    this.inbound.length = 0;
  }
}

function countSegments(body: string): number {
  try {
    return new SegmentedMessage(body, 'auto').segmentsCount;
  } catch {
    return Math.max(1, Math.ceil(body.length / 153));
  }
}
