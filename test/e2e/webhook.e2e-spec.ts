import { jest } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { v7 as uuidv7 } from 'uuid';
import { defaultJobOptions, JobNames, jobIdFor, Queues } from '../../src/queue/queues.js';
import { postSignedForm, twilioSignature } from '../../src/sandbox/signing.js';
import { createTestApp, eventually, TestApp } from '../utils/test-app.js';

const SENDER = '+15005550006';
const SERVICE = 'MG11111111111111111111111111111111';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

const waitFor = async <T>(check: () => Promise<T | false | null | undefined | ''>): Promise<T> => (await eventually(check)) as T;

// jest.config's per-project testTimeout is not applied by Jest (a global-only option): set it here.
jest.setTimeout(120_000);

describe('Twilio webhooks (e2e)', () => {
  let t: TestApp;
  let accountId: string;
  let campaignId: string;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp('webhook');
    ({ accountId } = await t.createAccount('Webhooks'));
    campaignId = await newCampaign(accountId, SENDER);
  });
  afterAll(() => t.close());

  const nextPhone = () => `+1415666${String(1000 + seq++).padStart(4, '0')}`;
  const nextSid = () => `SM${String(seq++).padStart(32, '0')}`;
  const message = (id: string) => t.prisma.message.findUniqueOrThrow({ where: { id } });
  const statusUrl = (query = '') => `${t.config.PUBLIC_BASE_URL}/webhooks/twilio/status${query}`;
  const inboundUrl = () => `${t.config.PUBLIC_BASE_URL}/webhooks/twilio/inbound`;
  const token = () => t.config.TWILIO_AUTH_TOKEN;

  async function newCampaign(account: string, sender: string): Promise<string> {
    const created = await t.prisma.campaign.create({
      data: { accountId: account, name: 'Promo', slug: `promo-${uuidv7()}`, sender, segments: ['all'], status: 'sending' },
    });
    return created.id;
  }

  /** A message row as the send path leaves it; acceptedAgoMs null = still queued. */
  async function messageRow(opts: { account?: string; campaign?: string; phone: string; sender?: string; status?: 'queued' | 'sent' | 'delivered'; acceptedAgoMs?: number; sid?: string | null }) {
    const account = opts.account ?? accountId;
    const recipient = await t.prisma.recipient.upsert({
      where: { accountId_phone: { accountId: account, phone: opts.phone } },
      create: { accountId: account, phone: opts.phone, segments: ['all'] },
      update: {},
    });
    const sent = opts.status && opts.status !== 'queued';
    return t.prisma.message.create({
      data: {
        id: uuidv7(),
        accountId: account,
        campaignId: opts.campaign ?? campaignId,
        recipientId: recipient.id,
        phone: opts.phone,
        sender: opts.sender ?? SENDER,
        variant: 'A',
        segment: 'all',
        body: `Offer ${seq++} https://sho.rt/x${seq}`,
        smsSegments: 1,
        status: opts.status ?? 'queued',
        providerSid: opts.sid === undefined ? (sent ? nextSid() : null) : opts.sid,
        acceptedAt: sent ? new Date(Date.now() - (opts.acceptedAgoMs ?? HOUR)) : null,
      },
    });
  }

  const postStatus = (params: Record<string, string>, query = '') => postSignedForm(statusUrl(query), params, token(), 5000);

  describe('signature', () => {
    it.each([
      ['missing', undefined],
      ['forged', 'bm90IGEgc2lnbmF0dXJl'],
    ])('answers 403 and stores nothing when the signature is %s', async (_label, signature) => {
      const phone = nextPhone();
      const params = { MessageSid: nextSid(), From: phone, To: SENDER, Body: 'STOP' };
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      if (signature) headers['x-twilio-signature'] = signature;
      const inbound = await fetch(inboundUrl(), { method: 'POST', headers, body: new URLSearchParams(params) });
      expect(inbound.status).toBe(403);
      expect(await inbound.json()).toMatchObject({ statusCode: 403, message: expect.stringContaining('X-Twilio-Signature') });
      expect(await t.prisma.inboundMessage.count({ where: { phone } })).toBe(0);
      expect(await t.prisma.optOut.count({ where: { phone } })).toBe(0);

      const m = await messageRow({ phone: nextPhone(), status: 'sent' });
      const status = await fetch(statusUrl(), {
        method: 'POST',
        headers,
        body: new URLSearchParams({ MessageSid: m.providerSid!, MessageStatus: 'delivered' }),
      });
      expect(status.status).toBe(403);
      expect(await message(m.id)).toMatchObject({ status: 'sent', deliveredAt: null });
    });

    it('refuses a valid signature over different parameters', async () => {
      const m = await messageRow({ phone: nextPhone(), status: 'sent' });
      const signed = { MessageSid: m.providerSid!, MessageStatus: 'sent' };
      const response = await fetch(statusUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(token(), statusUrl(), signed) },
        body: new URLSearchParams({ ...signed, MessageStatus: 'delivered' }),
      });
      expect(response.status).toBe(403);
      expect((await message(m.id)).status).toBe('sent');
    });
  });

  describe('status callbacks', () => {
    it('records per-status timestamps and keeps delivered over a late sent', async () => {
      const m = await messageRow({ phone: nextPhone(), status: 'sent' });
      const sid = m.providerSid!;
      expect((await postStatus({ MessageSid: sid, MessageStatus: 'delivered' })).status).toBe(204);
      const delivered = await message(m.id);
      expect(delivered.status).toBe('delivered');
      expect(delivered.deliveredAt).toBeInstanceOf(Date);

      await postStatus({ MessageSid: sid, MessageStatus: 'sent' });
      const late = await message(m.id);
      expect(late.status).toBe('delivered');
      expect(late.sentAt).toBeInstanceOf(Date); // the late receipt's own timestamp is still kept

      await postStatus({ MessageSid: sid, MessageStatus: 'delivered' });
      await postStatus({ MessageSid: sid, MessageStatus: 'sent' });
      const replayed = await message(m.id);
      expect(replayed).toMatchObject({ status: 'delivered', deliveredAt: delivered.deliveredAt, sentAt: late.sentAt, statusUpdatedAt: late.statusUpdatedAt });
    });

    it('keeps the first terminal failure and its error code, and lets delivered win', async () => {
      const m = await messageRow({ phone: nextPhone(), status: 'sent' });
      const sid = m.providerSid!;
      await postStatus({ MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30003' });
      await postStatus({ MessageSid: sid, MessageStatus: 'failed', ErrorCode: '30008' });
      const failed = await message(m.id);
      expect(failed).toMatchObject({ status: 'undelivered', errorCode: 30003 });
      expect(failed.undeliveredAt).toBeInstanceOf(Date);
      expect(failed.failedAt).toBeInstanceOf(Date);

      await postStatus({ MessageSid: sid, MessageStatus: 'delivered' });
      expect(await message(m.id)).toMatchObject({ status: 'delivered', errorCode: 30003 });
    });

    it('finds the message by the id in the callback URL before its sid is written down', async () => {
      const m = await messageRow({ phone: nextPhone(), status: 'queued', sid: null });
      await t.prisma.message.update({ where: { id: m.id }, data: { status: 'sending', sendingAt: new Date() } });
      const sid = nextSid();
      await postStatus({ MessageSid: sid, MessageStatus: 'delivered' }, `?messageId=${m.id}`);
      expect(await message(m.id)).toMatchObject({ providerSid: sid, status: 'delivered' });
    });

    it('dates the acceptance from the first receipt when the worker died before writing it, so a STOP is attributed', async () => {
      const phone = nextPhone();
      const m = await messageRow({ phone, campaign: await newCampaign(accountId, SENDER), status: 'queued', sid: null });
      await t.prisma.message.update({ where: { id: m.id }, data: { status: 'sending', sendingAt: new Date() } });
      await postStatus({ MessageSid: nextSid(), MessageStatus: 'sent' }, `?messageId=${m.id}`);
      const healed = await message(m.id);
      expect(healed.acceptedAt).toBeInstanceOf(Date);
      expect(healed.acceptedAt!.getTime()).toBeLessThanOrEqual(healed.sentAt!.getTime());

      await t.sandbox.deliverInbound({ from: phone, to: SENDER, body: 'STOP' });
      expect((await message(m.id)).optedOutAt).toBeInstanceOf(Date);
    });

    it('replaces the error of an earlier send attempt with the carrier\'s when a receipt beats the worker', async () => {
      const m = await messageRow({ phone: nextPhone(), status: 'queued', sid: null });
      // The first attempt was throttled (kept for operators), the second was accepted; its receipt comes first.
      await t.prisma.message.update({ where: { id: m.id }, data: { status: 'sending', sendingAt: new Date(), errorCode: 20429, errorMessage: 'Too Many Requests' } });
      await postStatus({ MessageSid: nextSid(), MessageStatus: 'undelivered', ErrorCode: '30003' }, `?messageId=${m.id}`);
      expect(await message(m.id)).toMatchObject({ status: 'undelivered', errorCode: 30003, errorMessage: null });
    });

    it('answers unknown messages and statuses with success, changing nothing', async () => {
      expect((await postStatus({ MessageSid: nextSid(), MessageStatus: 'delivered' })).status).toBe(204);
      const m = await messageRow({ phone: nextPhone(), status: 'sent' });
      expect((await postStatus({ MessageSid: m.providerSid!, MessageStatus: 'receiving' })).status).toBe(204);
      expect((await message(m.id)).status).toBe('sent');
    });

    it('records the receipts the sandbox sends for a real send', async () => {
      const m = await messageRow({ phone: nextPhone() });
      const sendQueue = t.app.get<Queue>(getQueueToken(Queues.send));
      await sendQueue.add(JobNames.sendMessage, { messageId: m.id }, defaultJobOptions({ jobId: jobIdFor('send', m.id) }));
      const done = await waitFor(async () => {
        const row = await message(m.id);
        return row.status === 'delivered' && row;
      });
      expect(done.sentAt).toBeInstanceOf(Date);
      // The row changes before the app's answer reaches the sandbox: wait for the answers, then check them.
      const callbacks = await waitFor(async () => {
        const sent = t.sandbox.callbacks().filter((c) => c.messageSid === done.providerSid);
        return sent.length >= 2 && sent.every((c) => c.responseStatus !== undefined) && sent;
      });
      expect(callbacks.map((c) => c.responseStatus)).toEqual(callbacks.map(() => 204));
    });
  });

  describe('inbound keywords', () => {
    it('STOP opts out, is attributed to the latest message per account within the window, and suppresses later sends', async () => {
      const phone = nextPhone();
      const other = await t.createAccount('Other brand');
      const otherCampaign = await newCampaign(other.accountId, SENDER);
      const stale = await t.createAccount('Stale brand');
      const campaignOf = (account = accountId, sender = SENDER) => newCampaign(account, sender);
      const older = await messageRow({ phone, campaign: await campaignOf(), status: 'delivered', acceptedAgoMs: 3 * DAY });
      const latest = await messageRow({ phone, campaign: await campaignOf(), status: 'delivered', acceptedAgoMs: 2 * HOUR });
      const otherAccounts = await messageRow({ account: other.accountId, campaign: otherCampaign, phone, status: 'delivered', acceptedAgoMs: DAY });
      const otherSender = await messageRow({ phone, campaign: await campaignOf(accountId, '+15005550020'), sender: '+15005550020', status: 'delivered', acceptedAgoMs: HOUR });
      // Outside the 7-day attribution window.
      const outside = await messageRow({ account: stale.accountId, campaign: await campaignOf(stale.accountId), phone, status: 'delivered', acceptedAgoMs: 8 * DAY });

      const answer = await t.sandbox.deliverInbound({ from: phone, to: SENDER, body: ' Stop ' });
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('<Message>You have been unsubscribed');

      expect(await t.prisma.optOut.findUnique({ where: { sender_phone: { sender: SENDER, phone } } })).toMatchObject({ optedOut: true });
      const inbound = await t.prisma.inboundMessage.findMany({ where: { phone }, include: { attributions: true } });
      expect(inbound).toHaveLength(1);
      expect(inbound[0]).toMatchObject({ kind: 'opt_out', changedState: true, sender: SENDER, body: ' Stop ' });
      expect(inbound[0].attributions.map((a) => a.messageId).sort()).toEqual([latest.id, otherAccounts.id].sort());
      expect((await message(latest.id)).optedOutAt).toBeInstanceOf(Date);
      expect((await message(otherAccounts.id)).optedOutAt).toBeInstanceOf(Date);
      expect((await message(older.id)).optedOutAt).toBeNull();
      expect((await message(otherSender.id)).optedOutAt).toBeNull();
      expect((await message(outside.id)).optedOutAt).toBeNull();

      // A second STOP is stored but neither changes state nor counts again.
      await t.sandbox.deliverInbound({ from: phone, to: SENDER, body: 'STOP' });
      const again = await t.prisma.inboundMessage.findMany({ where: { phone }, orderBy: { receivedAt: 'asc' }, include: { attributions: true } });
      expect(again).toHaveLength(2);
      expect(again[1]).toMatchObject({ kind: 'opt_out', changedState: false });
      expect(again[1].attributions).toHaveLength(0);
      expect(await t.prisma.optOutAttribution.count({ where: { messageId: { in: [latest.id, otherAccounts.id] } } })).toBe(2);

      // A later campaign's message to the phone is suppressed, the provider never sees it.
      const later = await messageRow({ phone, campaign: await newCampaign(accountId, SENDER) });
      const sendQueue = t.app.get<Queue>(getQueueToken(Queues.send));
      await sendQueue.add(JobNames.sendMessage, { messageId: later.id }, defaultJobOptions({ jobId: jobIdFor('send', later.id) }));
      await waitFor(async () => (await message(later.id)).status === 'suppressed');
      expect((await message(later.id)).suppressionReason).toBe('opted_out');
      expect(t.sandbox.messages().filter((m) => m.to === phone)).toHaveLength(0);
    });

    it('START opts back in and sends resume', async () => {
      const phone = nextPhone();
      await t.sandbox.deliverInbound({ from: phone, to: SENDER, body: 'stop' });
      const answer = await t.sandbox.deliverInbound({ from: phone, to: SENDER, body: 'start' });
      expect(answer.body).toContain('<Message>You have been resubscribed');
      expect(await t.prisma.optOut.findUnique({ where: { sender_phone: { sender: SENDER, phone } } })).toMatchObject({ optedOut: false });
      const start = await t.prisma.inboundMessage.findFirst({ where: { phone, kind: 'opt_in' } });
      expect(start?.changedState).toBe(true);

      const m = await messageRow({ phone });
      const sendQueue = t.app.get<Queue>(getQueueToken(Queues.send));
      await sendQueue.add(JobNames.sendMessage, { messageId: m.id }, defaultJobOptions({ jobId: jobIdFor('send', m.id) }));
      await waitFor(async () => (await message(m.id)).providerSid);
      expect(t.sandbox.messages().filter((s) => s.to === phone)).toHaveLength(1);
    });

    it('counts a message once when the phone opts out, back in, and out again without a newer message', async () => {
      const phone = nextPhone();
      const m = await messageRow({ phone, campaign: await newCampaign(accountId, SENDER), status: 'delivered', acceptedAgoMs: HOUR });
      for (const body of ['STOP', 'START', 'STOP']) await t.sandbox.deliverInbound({ from: phone, to: SENDER, body });
      const stops = await t.prisma.inboundMessage.findMany({ where: { phone, kind: 'opt_out' }, include: { attributions: true } });
      expect(stops.map((s) => s.changedState)).toEqual([true, true]);
      // optOuts, optOutRate and the phi table count messages: one message opts out at most once.
      expect(await t.prisma.optOutAttribution.count({ where: { messageId: m.id } })).toBe(1);
    });

    it('opts out of the Messaging Service too when the number belongs to one', async () => {
      const phone = nextPhone();
      await t.sandbox.deliverInbound({ from: phone, to: SENDER, body: 'UNSUBSCRIBE', messagingServiceSid: SERVICE });
      const rows = await t.prisma.optOut.findMany({ where: { phone }, orderBy: { sender: 'asc' } });
      expect(rows.map((r) => [r.sender, r.optedOut])).toEqual([
        [SENDER, true],
        [SERVICE, true],
      ]);
    });

    it('answers HELP with the help text and other text with an empty response', async () => {
      const phone = nextPhone();
      const help = await t.sandbox.deliverInbound({ from: phone, to: SENDER, body: 'help' });
      expect(help.body).toContain('Reply STOP to unsubscribe');
      const chat = await t.sandbox.deliverInbound({ from: phone, to: SENDER, body: 'stop please' });
      expect(chat.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      const kinds = await t.prisma.inboundMessage.findMany({ where: { phone }, orderBy: { receivedAt: 'asc' } });
      expect(kinds.map((k) => k.kind)).toEqual(['help', 'other']);
      expect(await t.prisma.optOut.count({ where: { phone } })).toBe(0);
    });

    it('stores a retried inbound webhook once', async () => {
      const phone = nextPhone();
      const params = { MessageSid: nextSid(), From: phone, To: SENDER, Body: 'STOP' };
      const first = await postSignedForm(inboundUrl(), params, token(), 5000);
      const retry = await postSignedForm(inboundUrl(), params, token(), 5000);
      expect(retry).toEqual(first);
      expect(await t.prisma.inboundMessage.count({ where: { phone } })).toBe(1);
    });

    it('accepts text PostgreSQL cannot store as sent (a NUL byte) rather than making Twilio retry, and still opts out', async () => {
      const phone = nextPhone();
      const answer = await postSignedForm(inboundUrl(), { MessageSid: nextSid(), From: phone, To: SENDER, Body: 'STOP\u0000' }, token(), 5000);
      expect(answer.status).toBe(200);
      const [stored] = await t.prisma.inboundMessage.findMany({ where: { phone } });
      expect(stored).toMatchObject({ body: 'STOP', kind: 'opt_out' });
      expect(await t.prisma.optOut.findFirst({ where: { phone, sender: SENDER } })).toMatchObject({ optedOut: true });
    });
  });
});
