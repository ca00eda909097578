import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { v7 as uuidv7 } from 'uuid';
import { defaultJobOptions, JobNames, jobIdFor, Queues, SEND_RECONCILE_QUEUE } from '../../src/queue/queues.js';
import { FailedSendRecovery } from '../../src/modules/send/failed-send-recovery.js';
import { ReconcileService } from '../../src/modules/send/reconcile.service.js';
import { SendService } from '../../src/modules/send/send.service.js';
import { SendProcessor } from '../../src/modules/send/send.processor.js';
import { SMS_PROVIDER, type SmsProvider } from '../../src/modules/sms-provider/sms-provider.js';
import { createTestApp, eventually, TestApp } from '../utils/test-app.js';

const SENDER = '+15005550006';

/** eventually() narrowed to the truthy value the check settles on. */
const waitFor = async <T>(check: () => Promise<T | false | null | undefined | ''>): Promise<T> => (await eventually(check)) as T;

// jest.config's per-project testTimeout is not applied by Jest (a global-only option): set it here.
jest.setTimeout(120_000);

describe('sending through the provider (e2e)', () => {
  let t: TestApp;
  let accountId: string;
  let sendQueue: Queue;
  let phoneSeq = 0;

  beforeAll(async () => {
    t = await createTestApp('send');
    ({ accountId } = await t.createAccount('Sender'));
    sendQueue = t.app.get<Queue>(getQueueToken(Queues.send));
  });
  afterAll(() => t.close());

  const nextPhone = () => `+1415555${String(1000 + phoneSeq++).padStart(4, '0')}`;

  async function campaign(overrides: { status?: 'sending' | 'cancelled'; quietHours?: object; sendRate?: number; sender?: string } = {}) {
    return t.prisma.campaign.create({
      data: {
        accountId,
        name: 'Spring sale',
        slug: `spring-sale-${randomUUID()}`,
        sender: overrides.sender ?? SENDER,
        segments: ['all'],
        status: overrides.status ?? 'sending',
        quietHours: overrides.quietHours,
        sendRate: overrides.sendRate,
      },
    });
  }

  async function queuedMessage(campaignId: string, phone = nextPhone(), sender = SENDER, timezone: string | null = null) {
    const recipient = await t.prisma.recipient.upsert({
      where: { accountId_phone: { accountId, phone } },
      create: { accountId, phone, segments: ['all'], timezone },
      update: {},
    });
    return t.prisma.message.create({
      data: {
        id: uuidv7(),
        accountId,
        campaignId,
        recipientId: recipient.id,
        phone,
        sender,
        variant: 'A',
        segment: 'all',
        body: `Hello ${phone} https://sho.rt/${phoneSeq}x`,
        smsSegments: 1,
        status: 'queued',
      },
    });
  }

  const enqueue = (messageId: string, jobId = jobIdFor('send', messageId)) =>
    sendQueue.add(JobNames.sendMessage, { messageId }, defaultJobOptions({ jobId }));
  const message = (id: string) => t.prisma.message.findUniqueOrThrow({ where: { id } });
  /** The message once the provider has given it a sid. */
  const untilHandedOver = (id: string) =>
    waitFor(async () => {
      const row = await message(id);
      return row.providerSid && row;
    });
  const sandboxMessagesTo = (phone: string) => t.sandbox.messages().filter((m) => m.to === phone);

  it('sends each queued message exactly once and records the receipts', async () => {
    const { id: campaignId } = await campaign();
    const messages = await Promise.all([1, 2, 3].map(() => queuedMessage(campaignId)));
    for (const m of messages) {
      await enqueue(m.id);
      await enqueue(m.id); // same deterministic job id: ignored by BullMQ
      await enqueue(m.id, `${jobIdFor('send', m.id)}-dup`); // a different job: the database claim stops it
    }
    for (const m of messages) {
      const done = await waitFor(async () => {
        const row = await message(m.id);
        return row.status === 'delivered' && row;
      });
      expect(done.providerSid).toMatch(/^SM[0-9a-f]{32}$/);
      expect(done.acceptedAt).toBeInstanceOf(Date);
      expect(done.sentAt).toBeInstanceOf(Date);
      expect(done.deliveredAt).toBeInstanceOf(Date);
      expect(done.sendAttempts).toBe(1);
      const received = sandboxMessagesTo(m.phone);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ sid: done.providerSid, body: m.body, from: SENDER });
      expect(received[0].statusCallback).toBe(`${t.config.PUBLIC_BASE_URL}/webhooks/twilio/status?messageId=${m.id}`);
    }
    // Of the two jobs per message, whichever claimed the row first sent it; the other found nothing to do.
    for (const m of messages) {
      const outcomes = await waitFor(async () => {
        const jobs = await Promise.all([jobIdFor('send', m.id), `${jobIdFor('send', m.id)}-dup`].map((id) => sendQueue.getJob(id)));
        const finished = await Promise.all(jobs.map(async (job) => job && (await job.isCompleted()) && job.returnvalue));
        return finished.every(Boolean) && finished.sort();
      });
      expect(outcomes).toEqual(['sent', 'skipped']);
    }
  });

  it('suppresses invalid and unsubscribed numbers and fails other permanent errors, without retrying', async () => {
    const { id: campaignId } = await campaign();
    const invalid = await queuedMessage(campaignId, '+15005550001');
    const unsubscribed = await queuedMessage(campaignId, '+15005550004');
    const noPermission = await queuedMessage(campaignId, '+15005550003');
    for (const m of [invalid, unsubscribed, noPermission]) await enqueue(m.id);

    const settled = async (id: string) => {
      const job = await waitFor(async () => {
        const found = await sendQueue.getJob(jobIdFor('send', id));
        // Read again once completed: the object fetched before that is a snapshot whose attemptsMade may predate the finish.
        return found && (await found.isCompleted()) && sendQueue.getJob(jobIdFor('send', id));
      });
      // Completed on its first attempt: no retry was scheduled.
      expect(job.attemptsMade).toBe(1);
      expect(['suppressed', 'failed']).toContain(job.returnvalue);
      return message(id);
    };
    expect(await settled(invalid.id)).toMatchObject({ status: 'suppressed', suppressionReason: 'invalid_number', errorCode: 21211, sendAttempts: 1, providerSid: null });
    expect(await settled(unsubscribed.id)).toMatchObject({ status: 'suppressed', suppressionReason: 'provider_opted_out', errorCode: 21610, sendAttempts: 1 });
    const failed = await settled(noPermission.id);
    expect(failed).toMatchObject({ status: 'failed', errorCode: 21408, sendAttempts: 1 });
    expect(failed.failedAt).toBeInstanceOf(Date);
    expect(failed.errorMessage).toBeTruthy();
    // 21610 also records the opt-out, so later campaigns suppress the phone before calling the provider.
    const optOut = await t.prisma.optOut.findUnique({ where: { sender_phone: { sender: SENDER, phone: '+15005550004' } } });
    expect(optOut?.optedOut).toBe(true);
  });

  it.each([
    ['503 server error', { httpStatus: 503 }],
    ['429 too many requests (20429)', { httpStatus: 429, code: 20429 }],
  ])('retries after %s and then sends once', async (_label, failure) => {
    const { id: campaignId } = await campaign();
    const m = await queuedMessage(campaignId);
    t.sandbox.failNext(1, failure);
    await enqueue(m.id);
    const done = await untilHandedOver(m.id);
    expect(done.sendAttempts).toBe(2);
    expect(done.errorCode).toBeNull();
    expect(sandboxMessagesTo(m.phone)).toHaveLength(1);
  });

  it('fails the message when the last attempt meets a retryable error, so nothing stays queued forever', async () => {
    const { id: campaignId } = await campaign();
    const m = await queuedMessage(campaignId);
    t.sandbox.failNext(1, { httpStatus: 429, code: 20429 });
    await sendQueue.add(JobNames.sendMessage, { messageId: m.id }, defaultJobOptions({ jobId: jobIdFor('send', m.id), attempts: 1 }));
    const done = await waitFor(async () => {
      const row = await message(m.id);
      return row.status === 'failed' && row;
    });
    expect(done).toMatchObject({ errorCode: 20429, sendAttempts: 1, providerSid: null });
    expect(sandboxMessagesTo(m.phone)).toHaveLength(0);
  });

  it('leaves a send whose outcome is unknown to reconciliation, which resends it once when the provider never got it', async () => {
    const { id: campaignId } = await campaign();
    const m = await queuedMessage(campaignId);
    t.sandbox.failNext(1, { mode: 'disconnect' });
    await enqueue(m.id);
    const job = await waitFor(async () => {
      const found = await sendQueue.getJob(jobIdFor('send', m.id));
      return found && (await found.isCompleted()) && found;
    });
    expect(job.returnvalue).toBe('unknown');
    const unknown = await message(m.id);
    expect(unknown).toMatchObject({ status: 'sending', providerSid: null, sendAttempts: 1 });
    expect(unknown.errorMessage).toBeTruthy();

    // Too recent to reconcile: a request that timed out may still be processed by the provider.
    expect(await t.app.get(ReconcileService).reconcileStuckSending()).toMatchObject({ checked: 0 });
    await t.prisma.message.update({ where: { id: m.id }, data: { sendingAt: new Date(Date.now() - 10 * 60_000) } });
    expect(await t.app.get(ReconcileService).reconcileStuckSending()).toMatchObject({ checked: 1, requeued: 1 });
    const done = await untilHandedOver(m.id);
    expect(done.sendAttempts).toBe(2);
    expect(done.errorCode).toBeNull();
    expect(sandboxMessagesTo(m.phone)).toHaveLength(1);
  });

  it('does not resend when the provider took the message but the answer was lost', async () => {
    const { id: campaignId } = await campaign();
    const m = await queuedMessage(campaignId);
    t.sandbox.failNext(1, { mode: 'accept-then-disconnect' });
    await enqueue(m.id);
    const done = await untilHandedOver(m.id);
    const received = sandboxMessagesTo(m.phone);
    expect(received).toHaveLength(1);
    expect(done.providerSid).toBe(received[0].sid);
    expect(done.sendAttempts).toBe(1);
  });

  it('re-checks opt-outs right before sending', async () => {
    const { id: campaignId } = await campaign();
    const m = await queuedMessage(campaignId);
    await t.prisma.optOut.create({ data: { sender: SENDER, phone: m.phone, optedOut: true, changedAt: new Date() } });
    await enqueue(m.id);
    const done = await waitFor(async () => {
      const row = await message(m.id);
      return row.status === 'suppressed' && row;
    });
    expect(done.suppressionReason).toBe('opted_out');
    expect(sandboxMessagesTo(m.phone)).toHaveLength(0);
  });

  it('does not send a queued message of a cancelled campaign', async () => {
    const { id: campaignId } = await campaign({ status: 'cancelled' });
    const m = await queuedMessage(campaignId);
    await enqueue(m.id);
    const done = await waitFor(async () => {
      const row = await message(m.id);
      return row.status === 'cancelled' && row;
    });
    expect(done.cancelledAt).toBeInstanceOf(Date);
    expect(done.sendAttempts).toBe(0);
    expect(sandboxMessagesTo(m.phone)).toHaveLength(0);
  });

  it('delays a send outside the campaign window until the window opens', async () => {
    const now = new Date();
    const hhmm = (hoursAhead: number) => `${String((now.getUTCHours() + hoursAhead) % 24).padStart(2, '0')}:00`;
    const { id: campaignId } = await campaign({ quietHours: { start: hhmm(2), end: hhmm(3) } });
    const m = await queuedMessage(campaignId, nextPhone(), SENDER, 'UTC');
    await enqueue(m.id);
    const job = await waitFor(async () => {
      const found = await sendQueue.getJob(jobIdFor('send', m.id));
      return found && (await found.isDelayed()) && found;
    });
    const row = await message(m.id);
    expect(row.status).toBe('queued');
    expect(row.sendAttempts).toBe(0);
    expect(row.notBefore).toBeInstanceOf(Date);
    expect(row.notBefore!.getUTCHours()).toBe((now.getUTCHours() + 2) % 24);
    expect(row.notBefore!.getUTCMinutes()).toBe(0);
    expect(job.timestamp + (job.delay ?? 0)).toBeGreaterThan(now.getTime() + 3600_000);
    expect(sandboxMessagesTo(m.phone)).toHaveLength(0);
  });

  it('holds a sender to its campaign rate', async () => {
    const sender = '+15005550010';
    const { id: campaignId } = await campaign({ sendRate: 1, sender });
    const messages = await Promise.all([1, 2, 3].map(() => queuedMessage(campaignId, nextPhone(), sender)));
    for (const m of messages) await enqueue(m.id);
    const accepted = await waitFor(async () => {
      const rows = await t.prisma.message.findMany({ where: { campaignId, acceptedAt: { not: null } } });
      return rows.length === 3 && rows;
    });
    for (const m of messages) expect(sandboxMessagesTo(m.phone)).toHaveLength(1);
    // One per second: three sends need three one-second windows, so they cannot all fit in one second.
    const times = accepted.map((row) => row.acceptedAt!.getTime()).sort((a, b) => a - b);
    expect(times[2] - times[0]).toBeGreaterThanOrEqual(1000);
  });

  it('runs sends with SEND_CONCURRENCY, schedules reconciliation every 30 s and counts outcomes in /metrics', async () => {
    const processor = t.app.get(SendProcessor);
    expect(processor.worker.concurrency).toBe(t.config.SEND_CONCURRENCY);
    const schedulers = await t.app.get<Queue>(getQueueToken(SEND_RECONCILE_QUEUE)).getJobSchedulers();
    expect(schedulers).toEqual([expect.objectContaining({ key: JobNames.reconcileSending, every: 30_000 })]);
    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/smslinks_send_attempts_total\{outcome="sent"\} [1-9]/);
    expect(metrics).toMatch(/smslinks_send_attempts_total\{outcome="suppressed"\} [1-9]/);
    expect(metrics).toMatch(/smslinks_send_attempts_total\{outcome="retried"\} [1-9]/);
  });

  describe('messages whose send job failed for good', () => {
    /** A send job that fails on our side (the database or Redis is down) until it has no attempt left. */
    async function failedJob(messageId: string, jobId = jobIdFor('send', messageId)) {
      const sends = t.app.get(SendService);
      const outage = jest.spyOn(sends, 'send').mockRejectedValue(new Error('connection to PostgreSQL lost'));
      try {
        await sendQueue.add(JobNames.sendMessage, { messageId }, defaultJobOptions({ jobId, attempts: 1 }));
        await waitFor(async () => (await sendQueue.getJob(jobId))?.isFailed());
      } finally {
        outage.mockRestore();
      }
    }

    it('get a fresh job, so the message is sent once the outage is over', async () => {
      const { id: campaignId } = await campaign();
      const m = await queuedMessage(campaignId);
      await failedJob(m.id);
      expect((await message(m.id)).status).toBe('queued');

      expect(await t.app.get(FailedSendRecovery).recoverFailedJobs()).toMatchObject({ revived: 1, gaveUp: 0 });
      const revived = await sendQueue.getJob(`${jobIdFor('send', m.id)}-f1`);
      expect(await revived!.isDelayed()).toBe(true);
      await revived!.promote();
      await waitFor(async () => (await message(m.id)).providerSid);
      expect(sandboxMessagesTo(m.phone)).toHaveLength(1);
      // The failed job was handled and removed: the next sweep has nothing to do.
      expect(await t.app.get(FailedSendRecovery).recoverFailedJobs()).toMatchObject({ revived: 0, gaveUp: 0, cleared: 0 });
    });

    it('are given up on after repeated failures: the message is failed with the reason, so the campaign can complete', async () => {
      const { id: campaignId } = await campaign();
      const m = await queuedMessage(campaignId);
      await failedJob(m.id, `${jobIdFor('send', m.id)}-f3`);
      expect(await t.app.get(FailedSendRecovery).recoverFailedJobs()).toMatchObject({ revived: 0, gaveUp: 1 });
      const row = await message(m.id);
      expect(row.status).toBe('failed');
      expect(row.errorMessage).toContain('connection to PostgreSQL lost');
      expect(sandboxMessagesTo(m.phone)).toHaveLength(0);
    });
  });

  describe('reconciliation of messages stuck in sending', () => {
    const stuckSince = () => new Date(Date.now() - 10 * 60_000);

    it('records a message the provider has, without resending it', async () => {
      const { id: campaignId } = await campaign();
      const m = await queuedMessage(campaignId);
      // The provider got it (our worker died before writing the sid down): the callback URL carries no message id.
      const accepted = await t.app.get<SmsProvider>(SMS_PROVIDER).send({
        to: m.phone,
        sender: SENDER,
        body: m.body,
        statusCallback: `${t.config.PUBLIC_BASE_URL}/webhooks/twilio/status`,
      });
      await t.prisma.message.update({ where: { id: m.id }, data: { status: 'sending', sendingAt: stuckSince(), sendAttempts: 1 } });

      const summary = await t.app.get(ReconcileService).reconcileStuckSending();
      expect(summary).toMatchObject({ foundAtProvider: 1, requeued: 0 });
      const row = await message(m.id);
      expect(row.providerSid).toBe(accepted.sid);
      expect(['sent', 'delivered']).toContain(row.status);
      expect(row.acceptedAt).toBeInstanceOf(Date);
      expect(sandboxMessagesTo(m.phone)).toHaveLength(1);
    });

    it('requeues and sends once a message the provider never got', async () => {
      const { id: campaignId } = await campaign();
      const m = await queuedMessage(campaignId);
      await t.prisma.message.update({ where: { id: m.id }, data: { status: 'sending', sendingAt: stuckSince(), sendAttempts: 1 } });

      const summary = await t.app.get(ReconcileService).reconcileStuckSending();
      expect(summary).toMatchObject({ foundAtProvider: 0, requeued: 1 });
      const done = await waitFor(async () => {
        const row = await message(m.id);
        return row.providerSid && row;
      });
      expect(done.sendAttempts).toBe(2);
      expect(sandboxMessagesTo(m.phone)).toHaveLength(1);
      // A second sweep finds nothing left to do.
      expect(await t.app.get(ReconcileService).reconcileStuckSending()).toMatchObject({ checked: 0 });
    });

    it('leaves recent sends alone', async () => {
      const { id: campaignId } = await campaign();
      const m = await queuedMessage(campaignId);
      await t.prisma.message.update({ where: { id: m.id }, data: { status: 'sending', sendingAt: new Date(), sendAttempts: 1 } });
      const summary = await t.app.get(ReconcileService).reconcileStuckSending();
      expect(summary.checked).toBe(0);
      expect((await message(m.id)).status).toBe('sending');
    });
  });
});
