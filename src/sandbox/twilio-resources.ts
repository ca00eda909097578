import type { SandboxMessage } from './message-store.js';

export const API_VERSION = '2010-04-01';

/** Twilio's date format: RFC 2822 with a numeric zone, e.g. "Thu, 30 Jul 2015 20:12:31 +0000". */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

export function messagesPath(accountSid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}/Messages.json`;
}

export function messagePath(accountSid: string, sid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}.json`;
}

/** The Message resource exactly as the REST API spells it (snake_case, strings for counts). */
export function messageResource(message: SandboxMessage): Record<string, unknown> {
  return {
    account_sid: message.accountSid,
    api_version: API_VERSION,
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: message.dateSent ? rfc2822(message.dateSent) : null,
    date_updated: rfc2822(message.dateUpdated),
    direction: 'outbound-api',
    error_code: message.errorCode,
    error_message: message.errorCode ? `Error ${message.errorCode}` : null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: '0',
    num_segments: String(message.numSegments),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: {
      media: `/${API_VERSION}/Accounts/${message.accountSid}/Messages/${message.sid}/Media.json`,
      feedback: `/${API_VERSION}/Accounts/${message.accountSid}/Messages/${message.sid}/Feedback.json`,
    },
    to: message.to,
    uri: messagePath(message.accountSid, message.sid),
  };
}

/** Filters of GET Messages.json. */
export interface MessageListFilter {
  to?: string;
  from?: string;
  /** DateSent (same UTC day), DateSent< and DateSent> as Twilio accepts them. */
  dateSentOn?: string;
  dateSentBefore?: Date;
  dateSentAfter?: Date;
}

export function parseListFilter(query: URLSearchParams): MessageListFilter {
  const date = (name: string) => {
    const value = query.get(name);
    if (!value) return undefined;
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? undefined : parsed;
  };
  return {
    to: query.get('To') || undefined,
    from: query.get('From') || undefined,
    dateSentOn: query.get('DateSent')?.slice(0, 10) || undefined,
    dateSentBefore: date('DateSent<'),
    dateSentAfter: date('DateSent>'),
  };
}

/**
 * Like Twilio, the DateSent filters look at date_sent only: a message still
 * queued or accepted has none yet and is left out of any DateSent query.
 * (The sandbox used to fall back to the creation time, which hid a double
 * send: reconciliation filtering on DateSent never saw a message Twilio still
 * held in its queue, and sent it again.)
 */
export function matchesFilter(message: SandboxMessage, filter: MessageListFilter): boolean {
  const sentAt = message.dateSent;
  if (filter.to && message.to !== filter.to) return false;
  if (filter.from && message.from !== filter.from) return false;
  if ((filter.dateSentOn || filter.dateSentBefore || filter.dateSentAfter) && !sentAt) return false;
  if (filter.dateSentOn && sentAt!.toISOString().slice(0, 10) !== filter.dateSentOn) return false;
  if (filter.dateSentBefore && !(sentAt! < filter.dateSentBefore)) return false;
  if (filter.dateSentAfter && !(sentAt! > filter.dateSentAfter)) return false;
  return true;
}

/** One page of a list in Twilio's paging shape (newest first, Page/PageSize/PageToken links). */
export function messagePage(all: SandboxMessage[], accountSid: string, query: URLSearchParams): Record<string, unknown> {
  const pageSize = clamp(Number(query.get('PageSize') ?? 50) || 50, 1, 1000);
  const page = Math.max(0, Number(query.get('Page') ?? 0) || 0);
  // Reversed first so messages created in the same millisecond still list newest first.
  const matching = [...all].reverse().filter((m) => matchesFilter(m, parseListFilter(query))).sort(newestFirst);
  const start = page * pageSize;
  const slice = matching.slice(start, start + pageSize);
  const pageUri = (n: number) => {
    const params = new URLSearchParams(query);
    params.set('PageSize', String(pageSize));
    params.set('Page', String(n));
    if (n > 0) params.set('PageToken', `PA${n}`);
    else params.delete('PageToken');
    return `${messagesPath(accountSid)}?${params.toString()}`;
  };
  return {
    end: start + Math.max(slice.length - 1, 0),
    first_page_uri: pageUri(0),
    messages: slice.map(messageResource),
    next_page_uri: start + pageSize < matching.length ? pageUri(page + 1) : null,
    page,
    page_size: pageSize,
    previous_page_uri: page > 0 ? pageUri(page - 1) : null,
    start,
    uri: pageUri(page),
  };
}

function newestFirst(a: SandboxMessage, b: SandboxMessage): number {
  return b.dateCreated.getTime() - a.dateCreated.getTime();
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
