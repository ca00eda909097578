import { jest } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import { type Queue, UnrecoverableError, Worker } from 'bullmq';
import { LaunchService } from '../../src/modules/campaign/launch/launch.service.js';
import { generateShortCodes } from '../../src/modules/link/short-code.js';
import { ShortCodeGenerator } from '../../src/modules/link/short-code.generator.js';
import { jobIdFor, Queues } from '../../src/queue/queues.js';
import { createTestApp, eventually, TestApp } from '../utils/test-app.js';

const SHORT = 'https://sl.test';
const SENDER = '+15005550006';

type Auth = { authorization: string };
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(t: TestApp, auth: Auth, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${t.baseUrl}${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

function campaignBody(overrides: Json = {}): Json {
  return {
    name: 'Spring sale',
    from: SENDER,
    segments: ['vip', 'news'],
    variants: [
      { key: 'A', body: 'Spring sale: https://shop.example.com/spring?x=1. Reply STOP to opt out' },
      { key: 'B', body: 'Two links (https://shop.example.com/b) and https://blog.example.com/post#top!', weight: 1 },
    ],
    ...overrides,
  };
}

/** Recipients straight into the table (the recipient API is another feature's). */
async function seedRecipients(t: TestApp, accountId: string, rows: { phone: string; segments: string[] }[]): Promise<void> {
  await t.prisma.recipient.createMany({ data: rows.map((row) => ({ accountId, ...row })) });
}

const phone = (n: number) => `+1415555${String(n).padStart(4, '0')}`;

describe('campaigns (e2e, API role: launch materialised by direct call)', () => {
  let t: TestApp;
  let auth: Auth;
  let accountId: string;
  let sendQueue: Queue;
  let launchQueue: Queue;

  beforeAll(async () => {
    t = await createTestApp('campaign', { APP_ROLE: 'api', SHORT_LINK_BASE_URL: SHORT, LAUNCH_CHUNK_SIZE: '100' });
    ({ auth, accountId } = await t.createAccount('Acme'));
    sendQueue = t.app.get<Queue>(getQueueToken(Queues.send), { strict: false });
    launchQueue = t.app.get<Queue>(getQueueToken(Queues.launch), { strict: false });
  });
  afterAll(() => t.close());

  const launchedMessages = (campaignId: string) =>
    t.prisma.message.findMany({ where: { campaignId }, include: { links: { orderBy: { position: 'asc' } } } });

  it('creates a draft with a unique slug and reads it back', async () => {
    const created = await call(t, auth, 'POST', '/v1/campaigns', campaignBody({ utm: { source: 'sms' }, quietHours: { start: '08:00', end: '21:00' }, sendRate: 5 }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', slug: 'spring-sale', from: SENDER, controlVariant: 'A', currency: 'USD', quietHours: { start: '08:00', end: '21:00' }, sendRate: 5 });
    expect(created.body.variants.map((v: Json) => [v.key, v.weight, v.position])).toEqual([['A', 1, 0], ['B', 1, 1]]);
    const again = await call(t, auth, 'POST', '/v1/campaigns', campaignBody());
    expect(again.body.slug).toBe('spring-sale-2');
    const read = await call(t, auth, 'GET', `/v1/campaigns/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body.id, status: 'draft', counts: { recipients: 0, sent: 0, delivered: 0, failed: 0, suppressed: 0 }, statusCounts: { queued: 0 } });
  });

  it('gives concurrent creates with the same name distinct slugs', async () => {
    const created = await Promise.all(
      Array.from({ length: 12 }, () => call(t, auth, 'POST', '/v1/campaigns', campaignBody({ name: 'Race day' }))),
    );
    expect(created.map((c) => c.status)).toEqual(Array(12).fill(201));
    const slugs = created.map((c) => c.body.slug as string);
    expect(new Set(slugs).size).toBe(12);
    expect(slugs.every((slug) => slug.startsWith('race-day'))).toBe(true);
  });

  it('previews each variant with a short link of the real length', async () => {
    // 140 + 1 + 12 = 153 characters as written; with the 24-character sample short link, 165: two segments.
    const longText = 'y'.repeat(140);
    const preview = await call(t, auth, 'POST', '/v1/campaigns/preview', campaignBody({
      variants: [
        { key: 'plain', body: `${longText} https://a.co` },
        { key: 'emoji', body: 'Party 🎉 at https://shop.example.com/p' },
      ],
    }));
    expect(preview.status).toBe(200);
    const [plain, emoji] = preview.body.variants;
    expect(plain.body).toMatch(new RegExp(`^${longText} ${SHORT}/[0-9A-Za-z]{8}$`));
    expect(plain).toMatchObject({ encoding: 'GSM-7', segmentsBeforeLinks: 1, segments: 2 });
    expect(plain.warnings[0]).toMatch(/from 1 to 2/);
    expect(emoji).toMatchObject({ encoding: 'UCS-2', segments: 1, nonGsmCharacters: ['🎉'] });
    expect(emoji.links).toEqual([{ destination: 'https://shop.example.com/p', shortLink: expect.stringMatching(/^https:\/\/sl\.test\/[0-9A-Za-z]{8}$/) }]);
  });

  it.each([
    ['a bad sender', { from: '12345' }, 'from'],
    ['a URL WHATWG cannot parse', { variants: [{ key: 'A', body: 'Go https://exa%mple.com/x now' }] }, 'variants.0.body'],
    ['credentials in a URL', { variants: [{ key: 'A', body: 'x' }, { key: 'B', body: 'https://user:pw@x.com/a' }] }, 'variants.1.body'],
    ['an ftp:// URL', { variants: [{ key: 'A', body: 'ftp://files.example.com/a.zip' }] }, 'variants.0.body'],
    ['an unknown controlVariant', { controlVariant: 'Z' }, 'controlVariant'],
    ['duplicate variant keys', { variants: [{ key: 'A', body: 'x' }, { key: 'A', body: 'y' }] }, 'variants.1.key'],
    ['a bad variant key', { variants: [{ key: 'has space', body: 'x' }] }, 'variants.0.key'],
    ['an empty body', { variants: [{ key: 'A', body: '  ' }] }, 'variants.0.body'],
    ['a body over 1600 characters', { variants: [{ key: 'A', body: 'x'.repeat(1601) }] }, 'variants.0.body'],
    ['a zero weight', { variants: [{ key: 'A', body: 'x', weight: 0 }] }, 'variants.0.weight'],
    ['no segments', { segments: [] }, 'segments'],
    ['no variants', { variants: [] }, 'variants'],
    ['a bad currency', { currency: 'XXY' }, 'currency'],
    ['a bad scheduledAt', { scheduledAt: 'tomorrow' }, 'scheduledAt'],
    ['bad quiet hours', { quietHours: { start: '8am', end: '21:00' } }, 'quietHours.start'],
    ['an unknown field', { colour: 'red' }, 'colour'],
  ])('refuses %s with a 400 naming the field', async (_what, overrides, field) => {
    for (const path of ['/v1/campaigns', '/v1/campaigns/preview']) {
      const response = await call(t, auth, 'POST', path, campaignBody(overrides));
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(field);
    }
  });

  it('names the offending URL', async () => {
    const response = await call(t, auth, 'POST', '/v1/campaigns', campaignBody({ variants: [{ key: 'A', body: 'See https://user:pw@x.com/a.' }] }));
    expect(response.body).toMatchObject({ statusCode: 400, field: 'variants.0.body', message: expect.stringContaining('https://user:pw@x.com/a') });
  });

  it('documents the campaign body, product extensions included, in /docs', async () => {
    const document = (await (await fetch(`${t.baseUrl}/docs/json`)).json()) as Json;
    const schema = document.components.schemas.CreateCampaignDto;
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['name', 'from', 'segments', 'variants', 'controlVariant', 'utm', 'tags', 'scheduledAt', 'currency', 'quietHours', 'sendRate', 'linkTtlSeconds', 'fallbackUrl']),
    );
    expect(document.paths['/v1/campaigns/{id}/launch'].post.responses).toHaveProperty('202');
  });

  it("answers 404 for another account's campaign and 400 naming id for a malformed id", async () => {
    const created = await call(t, auth, 'POST', '/v1/campaigns', campaignBody());
    const other = await t.createAccount('Other');
    for (const [method, path] of [['GET', ''], ['POST', '/launch'], ['POST', '/cancel']]) {
      expect((await call(t, other.auth, method, `/v1/campaigns/${created.body.id}${path}`)).status).toBe(404);
    }
    expect(await call(t, auth, 'GET', '/v1/campaigns/not-a-uuid')).toMatchObject({ status: 400, body: { message: 'id: must be a UUID' } });
    expect(await call(t, auth, 'POST', '/v1/campaigns/not-a-uuid/launch')).toMatchObject({ status: 400, body: { message: 'id: must be a UUID' } });
    expect(await call(t, auth, 'POST', '/v1/campaigns/not-a-uuid/cancel')).toMatchObject({ status: 400, body: { message: 'id: must be a UUID' } });
    expect((await t.prisma.campaign.findUnique({ where: { id: created.body.id } }))?.status).toBe('draft');
  });

  describe('launch', () => {
    let campaignId: string;
    const VIP_AND_NEWS = 60;
    const NEWS_ONLY = 70;
    const OTHER = 20;
    const optedOutPhone = phone(5);

    beforeAll(async () => {
      await seedRecipients(t, accountId, [
        ...Array.from({ length: VIP_AND_NEWS }, (_, i) => ({ phone: phone(i), segments: i % 2 ? ['news', 'vip'] : ['vip', 'news'] })),
        ...Array.from({ length: NEWS_ONLY }, (_, i) => ({ phone: phone(1000 + i), segments: ['news', 'x'] })),
        ...Array.from({ length: OTHER }, (_, i) => ({ phone: phone(2000 + i), segments: ['other'] })),
      ]);
      await t.prisma.optOut.create({ data: { sender: SENDER, phone: optedOutPhone, optedOut: true, changedAt: new Date() } });
      // Opted out of a different sender only: still messaged.
      await t.prisma.optOut.create({ data: { sender: '+15005550007', phone: phone(6), optedOut: true, changedAt: new Date() } });
      // Opted back in (START): messaged.
      await t.prisma.optOut.create({ data: { sender: SENDER, phone: phone(7), optedOut: false, changedAt: new Date() } });
      const created = await call(t, auth, 'POST', '/v1/campaigns', campaignBody({ name: 'Launch me', linkTtlSeconds: 3600 }));
      campaignId = created.body.id;
    });

    it('moves the draft to sending once and queues one launch job', async () => {
      const launched = await call(t, auth, 'POST', `/v1/campaigns/${campaignId}/launch`);
      expect(launched.status).toBe(202);
      expect(launched.body.status).toBe('sending');
      const job = await launchQueue.getJob(jobIdFor('launch', campaignId));
      expect(job?.data).toEqual({ campaignId });
    });

    it('materialises one message per recipient with its own links and rendered body', async () => {
      const result = await t.app.get(LaunchService).materialise(campaignId);
      expect(result).toMatchObject({ outcome: 'materialised', inserted: VIP_AND_NEWS + NEWS_ONLY, codeCollisions: 0 });

      const messages = await launchedMessages(campaignId);
      expect(messages).toHaveLength(VIP_AND_NEWS + NEWS_ONLY);
      expect(new Set(messages.map((m) => m.phone)).size).toBe(messages.length);
      const campaign = await t.prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } });
      const codes = new Set<string>();
      for (const message of messages) {
        // Segment: the first of the campaign's segments (vip, news) the recipient has, whatever its own order.
        expect(message.segment).toBe(Number(message.phone.slice(-4)) < 1000 ? 'vip' : 'news');
        expect(message.sender).toBe(SENDER);
        if (message.phone === optedOutPhone) continue;
        expect(message.status).toBe('queued');
        const expectedUrls = message.variant === 'A' ? ['https://shop.example.com/spring?x=1'] : ['https://shop.example.com/b', 'https://blog.example.com/post#top'];
        expect(message.links.map((l) => l.destination)).toEqual(expectedUrls);
        const [first, second] = message.links.map((l) => `${SHORT}/${l.code}`);
        expect(message.body).toBe(
          message.variant === 'A'
            ? `Spring sale: ${first}. Reply STOP to opt out`
            : `Two links (${first}) and ${second}!`,
        );
        expect(message.smsSegments).toBe(1);
        for (const link of message.links) {
          expect(link.code).toMatch(/^[0-9A-Za-z]{8}$/);
          expect(link.campaignId).toBe(campaignId);
          expect(link.expiresAt!.getTime()).toBe(campaign.launchedAt!.getTime() + 3600_000);
          codes.add(link.code);
        }
      }
      const linkCount = messages.reduce((sum, m) => sum + m.links.length, 0);
      expect(codes.size).toBe(linkCount);
      const variants = new Set(messages.map((m) => m.variant));
      expect(variants).toEqual(new Set(['A', 'B']));
    });

    it('suppresses the opted-out phone: no links, no send job', async () => {
      const [suppressed] = await t.prisma.message.findMany({ where: { campaignId, phone: optedOutPhone }, include: { links: true } });
      expect(suppressed).toMatchObject({ status: 'suppressed', suppressionReason: 'opted_out', links: [] });
      expect(await sendQueue.getJob(jobIdFor('send', suppressed.id))).toBeUndefined();
      const others = await t.prisma.message.findMany({ where: { campaignId, phone: { in: [phone(6), phone(7)] } } });
      expect(others.map((m) => m.status)).toEqual(['queued', 'queued']);
    });

    it('queues exactly one send job per queued message and freezes the counts', async () => {
      const queued = await t.prisma.message.findMany({ where: { campaignId, status: 'queued' }, select: { id: true } });
      expect(queued).toHaveLength(VIP_AND_NEWS + NEWS_ONLY - 1);
      const jobs = await sendQueue.getJobs(['waiting', 'delayed', 'prioritized']);
      const mine = jobs.filter((job) => queued.some((m) => job.id === jobIdFor('send', m.id)));
      expect(mine).toHaveLength(queued.length);
      expect(mine[0].data).toEqual({ messageId: expect.any(String) });
      const read = await call(t, auth, 'GET', `/v1/campaigns/${campaignId}`);
      expect(read.body).toMatchObject({
        status: 'sending',
        recipientCount: VIP_AND_NEWS + NEWS_ONLY,
        suppressedCount: 1,
        materialisedAt: expect.any(String),
        counts: { recipients: VIP_AND_NEWS + NEWS_ONLY, suppressed: 1, sent: 0 },
        statusCounts: { suppressed: 1, queued: VIP_AND_NEWS + NEWS_ONLY - 1 },
      });
    });

    it('launching twice duplicates neither messages nor send jobs', async () => {
      const before = await sendQueue.getJobCounts('waiting', 'delayed', 'prioritized');
      const again = await call(t, auth, 'POST', `/v1/campaigns/${campaignId}/launch`);
      expect(again.status).toBe(202);
      expect(again.body.status).toBe('sending');
      expect(await t.app.get(LaunchService).materialise(campaignId)).toMatchObject({ outcome: 'skipped', inserted: 0 });
      expect(await t.prisma.message.count({ where: { campaignId } })).toBe(VIP_AND_NEWS + NEWS_ONLY);
      expect(await sendQueue.getJobCounts('waiting', 'delayed', 'prioritized')).toEqual(before);
    });

    it('a re-run after a crash re-adds lost send jobs without duplicating anything', async () => {
      // Simulate a crash after some chunks committed but before their jobs were enqueued.
      const lost = await t.prisma.message.findMany({ where: { campaignId, status: 'queued' }, take: 10, select: { id: true } });
      for (const { id } of lost) await sendQueue.remove(jobIdFor('send', id));
      await t.prisma.campaign.update({ where: { id: campaignId }, data: { materialisedAt: null } });
      const linksBefore = await t.prisma.link.count({ where: { campaignId } });

      const rerun = await t.app.get(LaunchService).materialise(campaignId);
      expect(rerun).toMatchObject({ outcome: 'materialised', inserted: 0, linksInserted: 0 });
      expect(rerun.jobsEnqueued).toBe(VIP_AND_NEWS + NEWS_ONLY - 1);
      for (const { id } of lost) expect(await sendQueue.getJob(jobIdFor('send', id))).toBeDefined();
      expect(await t.prisma.message.count({ where: { campaignId } })).toBe(VIP_AND_NEWS + NEWS_ONLY);
      expect(await t.prisma.link.count({ where: { campaignId } })).toBe(linksBefore);
      const queued = await t.prisma.message.count({ where: { campaignId, status: 'queued' } });
      const jobs = (await sendQueue.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.data.messageId);
      expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
      expect(jobs.length).toBeGreaterThanOrEqual(queued);
    });

    it('draws a new code when one collides with an existing link', async () => {
      const existing = await t.prisma.link.findFirstOrThrow({ where: { campaignId } });
      const second = await call(t, auth, 'POST', '/v1/campaigns', campaignBody({ name: 'Collide', segments: ['vip'], variants: [{ key: 'A', body: 'Go https://c.example.com/x' }] }));
      const generator = t.app.get(ShortCodeGenerator, { strict: false });
      const spy = jest.spyOn(generator, 'generate').mockImplementationOnce((count: number) => {
        const codes = generateShortCodes(count);
        codes[0] = existing.code;
        return codes;
      });
      try {
        await call(t, auth, 'POST', `/v1/campaigns/${second.body.id}/launch`);
        const result = await t.app.get(LaunchService).materialise(second.body.id);
        expect(result).toMatchObject({ outcome: 'materialised', inserted: VIP_AND_NEWS - 1 + 1, codeCollisions: 1 });
      } finally {
        spy.mockRestore();
      }
      const messages = await launchedMessages(second.body.id);
      const queued = messages.filter((m) => m.status === 'queued');
      expect(queued.every((m) => m.links.length === 1 && m.body === `Go ${SHORT}/${m.links[0].code}`)).toBe(true);
      expect(messages.some((m) => m.body.includes(existing.code))).toBe(false);
      expect(await t.prisma.link.findUnique({ where: { code: existing.code } })).toMatchObject({ messageId: existing.messageId });
    });

    it('cancel leaves queued messages cancelled and what was handed over alone', async () => {
      const sending = await t.prisma.message.findFirstOrThrow({ where: { campaignId, status: 'queued' } });
      await t.prisma.message.update({ where: { id: sending.id }, data: { status: 'sending', sendingAt: new Date() } });
      const cancelled = await call(t, auth, 'POST', `/v1/campaigns/${campaignId}/cancel`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(String), statusCounts: { queued: 0, sending: 1, suppressed: 1, cancelled: VIP_AND_NEWS + NEWS_ONLY - 2 } });
      const cancelledRows = await t.prisma.message.findMany({ where: { campaignId, status: 'cancelled' } });
      expect(cancelledRows.every((m) => m.cancelledAt !== null)).toBe(true);
      expect((await t.prisma.message.findUniqueOrThrow({ where: { id: sending.id } })).status).toBe('sending');
      expect((await call(t, auth, 'POST', `/v1/campaigns/${campaignId}/cancel`)).status).toBe(200);
      const relaunch = await call(t, auth, 'POST', `/v1/campaigns/${campaignId}/launch`);
      expect(relaunch).toMatchObject({ status: 409, body: { code: 'campaign_not_launchable' } });
    });

    it('refuses to cancel a completed campaign', async () => {
      const created = await call(t, auth, 'POST', '/v1/campaigns', campaignBody({ name: 'Done' }));
      await t.prisma.campaign.update({ where: { id: created.body.id }, data: { status: 'completed', completedAt: new Date() } });
      expect((await call(t, auth, 'POST', `/v1/campaigns/${created.body.id}/cancel`)).status).toBe(409);
      expect((await call(t, auth, 'POST', `/v1/campaigns/${created.body.id}/launch`)).status).toBe(409);
    });

    it('cancels a draft', async () => {
      const created = await call(t, auth, 'POST', '/v1/campaigns', campaignBody({ name: 'Never mind' }));
      const cancelled = await call(t, auth, 'POST', `/v1/campaigns/${created.body.id}/cancel`);
      expect(cancelled.body.status).toBe('cancelled');
    });
  });

  it('schedules a launch with a future scheduledAt as a delayed job', async () => {
    const scheduledAt = new Date(Date.now() + 3600_000).toISOString();
    const created = await call(t, auth, 'POST', '/v1/campaigns', campaignBody({ name: 'Later', scheduledAt }));
    const launched = await call(t, auth, 'POST', `/v1/campaigns/${created.body.id}/launch`);
    expect(launched).toMatchObject({ status: 202, body: { status: 'scheduled', scheduledAt } });
    const job = await launchQueue.getJob(jobIdFor('launch', created.body.id));
    expect(await job?.getState()).toBe('delayed');
    expect(job!.opts.delay).toBeGreaterThan(3500_000);
    // Firing early (or a cancel) must not materialise anything while the campaign is not due.
    const cancelled = await call(t, auth, 'POST', `/v1/campaigns/${created.body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await t.app.get(LaunchService).materialise(created.body.id)).toMatchObject({ outcome: 'skipped' });
    expect(await launchQueue.getJob(jobIdFor('launch', created.body.id))).toBeUndefined();
  });

  it('launching again revives a launch job that failed for good', async () => {
    const created = await call(t, auth, 'POST', '/v1/campaigns', campaignBody({ name: 'Unlucky' }));
    await call(t, auth, 'POST', `/v1/campaigns/${created.body.id}/launch`);
    const jobId = jobIdFor('launch', created.body.id);
    // A worker whose every attempt fails for good stands in for minutes of database outage.
    const failing = new Worker(Queues.launch, async () => { throw new UnrecoverableError('database unreachable'); }, {
      connection: { url: t.config.REDIS_URL },
      prefix: t.config.QUEUE_PREFIX,
    });
    try {
      await eventually(async () => (await launchQueue.getJob(jobId))?.isFailed());
    } finally {
      await failing.close();
    }
    const again = await call(t, auth, 'POST', `/v1/campaigns/${created.body.id}/launch`);
    expect(again.status).toBe(202);
    expect(['waiting', 'prioritized']).toContain(await (await launchQueue.getJob(jobId))?.getState());
  });
});

describe('campaigns (e2e, with workers)', () => {
  let t: TestApp;
  let auth: Auth;
  let accountId: string;

  beforeAll(async () => {
    t = await createTestApp('campaign_workers', { SHORT_LINK_BASE_URL: SHORT });
    ({ auth, accountId } = await t.createAccount('Workers'));
  });
  afterAll(() => t.close());

  it('the launch worker materialises the campaign and the sweep completes a campaign with nothing left to send', async () => {
    await seedRecipients(t, accountId, Array.from({ length: 5 }, (_, i) => ({ phone: phone(3000 + i), segments: ['gone'] })));
    await t.prisma.optOut.createMany({
      data: Array.from({ length: 5 }, (_, i) => ({ sender: SENDER, phone: phone(3000 + i), optedOut: true, changedAt: new Date() })),
    });
    const created = await call(t, auth, 'POST', '/v1/campaigns', campaignBody({ name: 'All opted out', segments: ['gone'] }));
    expect((await call(t, auth, 'POST', `/v1/campaigns/${created.body.id}/launch`)).status).toBe(202);
    const done = await eventually(async () => {
      const read = await call(t, auth, 'GET', `/v1/campaigns/${created.body.id}`);
      return read.body.status === 'completed' ? read.body : null;
    }, { timeoutMs: 30_000, intervalMs: 250 });
    expect(done).toMatchObject({ recipientCount: 5, suppressedCount: 5, counts: { suppressed: 5, sent: 0 }, statusCounts: { suppressed: 5, queued: 0 }, completedAt: expect.any(String) });
  }, 60_000);

  it('a launched campaign with sendable recipients is materialised by the worker', async () => {
    await seedRecipients(t, accountId, Array.from({ length: 25 }, (_, i) => ({ phone: phone(4000 + i), segments: ['live'] })));
    const created = await call(t, auth, 'POST', '/v1/campaigns', campaignBody({ name: 'Live', segments: ['live'] }));
    await call(t, auth, 'POST', `/v1/campaigns/${created.body.id}/launch`);
    const read = await eventually(async () => {
      const response = await call(t, auth, 'GET', `/v1/campaigns/${created.body.id}`);
      return response.body.materialisedAt ? response.body : null;
    });
    expect(read!.recipientCount).toBe(25);
    expect(await t.prisma.link.count({ where: { campaignId: created.body.id } })).toBeGreaterThanOrEqual(25);
  });
});
