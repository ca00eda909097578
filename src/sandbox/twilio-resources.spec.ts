import type { SandboxMessage } from './message-store.js';
import { matchesFilter, messagePage, messageResource, parseListFilter, rfc2822 } from './twilio-resources.js';

const ACCOUNT = 'AC00000000000000000000000000000000';

function message(n: number, overrides: Partial<SandboxMessage> = {}): SandboxMessage {
  const at = new Date(Date.UTC(2026, 10, 22, 12, 0, n));
  return {
    sid: `SM${String(n).padStart(32, '0')}`,
    accountSid: ACCOUNT,
    to: '+14155550100',
    from: '+15005550006',
    messagingServiceSid: null,
    body: `message ${n}`,
    status: 'queued',
    statusCallback: null,
    numSegments: 1,
    errorCode: null,
    dateCreated: at,
    dateUpdated: at,
    dateSent: null,
    ...overrides,
  };
}

describe('Twilio resource shapes', () => {
  it('formats dates as RFC 2822 with +0000', () => {
    expect(rfc2822(new Date(Date.UTC(2015, 6, 30, 20, 12, 31)))).toBe('Thu, 30 Jul 2015 20:12:31 +0000');
  });

  it('spells the message resource like the REST API', () => {
    expect(messageResource(message(1))).toMatchObject({
      sid: message(1).sid,
      account_sid: ACCOUNT,
      api_version: '2010-04-01',
      direction: 'outbound-api',
      num_segments: '1',
      status: 'queued',
      date_sent: null,
      uri: `/2010-04-01/Accounts/${ACCOUNT}/Messages/${message(1).sid}.json`,
    });
  });

  it('filters by To, From and DateSent> on date_sent only, like Twilio: an unsent message has none', () => {
    const filter = parseListFilter(new URLSearchParams({ To: '+14155550100', 'DateSent>': '2026-11-22T12:00:05Z' }));
    const sent = (n: number) => ({ dateSent: new Date(Date.UTC(2026, 10, 22, 12, 0, n)) });
    expect(matchesFilter(message(4, sent(4)), filter)).toBe(false);
    expect(matchesFilter(message(6, sent(6)), filter)).toBe(true);
    expect(matchesFilter(message(6), filter)).toBe(false);
    expect(matchesFilter(message(6, { to: '+14155550199', ...sent(6) }), filter)).toBe(false);
    expect(matchesFilter(message(6), parseListFilter(new URLSearchParams({ To: '+14155550100' })))).toBe(true);
    expect(matchesFilter(message(6), parseListFilter(new URLSearchParams({ From: '+15005550007' })))).toBe(false);
  });

  it('pages newest first with Twilio paging links', () => {
    const all = Array.from({ length: 5 }, (_, i) => message(i));
    const first = messagePage(all, ACCOUNT, new URLSearchParams({ PageSize: '2' }));
    expect((first.messages as { body: string }[]).map((m) => m.body)).toEqual(['message 4', 'message 3']);
    expect(first).toMatchObject({ page: 0, page_size: 2, start: 0, end: 1, previous_page_uri: null });
    expect(first.next_page_uri).toContain('Page=1');
    const last = messagePage(all, ACCOUNT, new URLSearchParams({ PageSize: '2', Page: '2', PageToken: 'PA2' }));
    expect((last.messages as { body: string }[]).map((m) => m.body)).toEqual(['message 0']);
    expect(last.next_page_uri).toBeNull();
    expect(last.previous_page_uri).toContain('Page=1');
  });
});
