import { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import { applyPendingMigrations, ensureDatabaseExists } from '../../src/prisma/migrations.js';
import { CLICK_EVENT_FIELD, ClickEvent, encodeClickEvent } from '../../src/modules/click/click-event.js';
import { CLICK_INGEST_GROUP, clickStreamKey } from '../../src/modules/click/click-stream.js';
import { launchAndWait, tap, USER_AGENTS } from '../utils/campaigns.js';
import { startThrowawayCluster, ThrowawayCluster } from '../utils/pg-cluster.js';
import { createTestApp, eventually, TEST_REDIS_URL, TestApp } from '../utils/test-app.js';

/**
 * How a click survives failures. The app runs on a PostgreSQL server of its
 * own (a throwaway cluster), so this suite can stop and restart it without
 * disturbing the other suites.
 */
const SENDER = '+15005550006';
const phone = (n: number) => `+1415888${String(n).padStart(4, '0')}`;

describe('click durability (e2e)', () => {
  let cluster: ThrowawayCluster;
  let t: TestApp;
  let auth: { authorization: string };
  let accountId: string;
  let redis: Redis;

  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    const url = cluster.url('smslinks');
    await ensureDatabaseExists(url);
    await applyPendingMigrations(url);
    t = await createTestApp('click_durability', { DATABASE_URL: url, CLICK_INGEST_CLAIM_AFTER_SECONDS: '1' });
    ({ auth, accountId } = await t.createAccount('Durability'));
    await t.prisma.recipient.createMany({ data: Array.from({ length: 12 }, (_, i) => ({ accountId, phone: phone(i), segments: [i < 6 ? 'early' : 'late'] })) });
    redis = new Redis(TEST_REDIS_URL);
  }, 60_000);
  afterAll(async () => {
    redis?.disconnect();
    await t?.close();
    await cluster?.destroy();
  });

  const campaign = (segment: string) => ({
    name: `Durability ${segment}`,
    from: SENDER,
    segments: [segment],
    variants: [{ key: 'A', body: 'Deal https://shop.example.com/deal Reply STOP to opt out' }],
  });

  it('stores a click that comes before the delivery receipt and links it to its message', async () => {
    t.sandbox.configure({ finalDelayMs: [60_000, 60_000] });
    const { messages } = await launchAndWait(t, auth, campaign('early'), 'sent');
    t.sandbox.configure({ finalDelayMs: [20, 80] });
    const message = messages[0];
    expect(message.status).toBe('sent');
    expect((await tap(t, message.links[0].code)).status).toBe(302);
    const click = await eventually(() => t.prisma.click.findFirst({ where: { code: message.links[0].code } }));
    expect(click).toMatchObject({ messageId: message.id, clickClass: 'human', secondsSinceDelivery: null, timingSignal: false });
    const after = await t.prisma.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(after).toMatchObject({ status: 'sent', humanClicks: 1, firstHumanClickAt: click!.occurredAt });
  });

  it('keeps redirecting while PostgreSQL is down, holds the clicks in Redis, and persists every one when it is back', async () => {
    const { messages } = await launchAndWait(t, auth, campaign('late'));
    const codes = messages.map((m) => m.links[0].code);
    // Resolve each link once so this process has them in memory as well as in Redis.
    for (const code of codes) expect((await tap(t, code, { userAgent: USER_AGENTS.whatsApp })).status).toBe(302);
    await eventually(async () => (await t.prisma.click.count({ where: { code: { in: codes } } })) === codes.length);

    await cluster.stop();
    try {
      const answers = [];
      for (let round = 0; round < 3; round++) {
        for (const code of codes) answers.push((await tap(t, code, { userAgent: USER_AGENTS.androidChrome, ip: '8.8.4.4' })).status);
      }
      expect(answers).toEqual(Array(codes.length * 3).fill(302));
      // Every answered tap is already in the stream, waiting: nothing depends on the process staying alive.
      expect(await redis.xlen(clickStreamKey(t.config))).toBeGreaterThanOrEqual(codes.length * 3);
    } finally {
      await cluster.start();
    }

    await eventually(async () => (await t.prisma.click.count({ where: { code: { in: codes } } })) === codes.length * 4, { timeoutMs: 60_000 });
    const counters = await t.prisma.message.findMany({ where: { id: { in: messages.map((m) => m.id) } } });
    expect(counters.map((m) => [m.humanClicks, m.botClicks])).toEqual(messages.map(() => [3, 1]));
    await eventually(async () => (await redis.xlen(clickStreamKey(t.config))) === 0);
  }, 120_000);

  it('a consumer that dies holding events: another claims them, and a replayed event is stored once', async () => {
    const message = await t.prisma.message.findFirstOrThrow({ where: { phone: phone(0) }, include: { links: true } });
    const before = message.humanClicks;
    const events: ClickEvent[] = Array.from({ length: 5 }, () => ({
      id: uuidv7(),
      code: message.links[0].code,
      accountId,
      campaignId: message.campaignId,
      messageId: message.id,
      occurredAtMs: Date.now(),
      method: 'GET',
      source: 'link',
      outcome: 'redirected',
      ip: '8.8.8.8',
      userAgent: USER_AGENTS.iphoneSafari,
      referrer: null,
      acceptLanguage: null,
    }));
    const stream = clickStreamKey(t.config);
    // Added and taken by a consumer that then "dies" in one transaction, so the live consumer never reads them first.
    const add = redis.multi();
    for (const event of events) add.xadd(stream, '*', CLICK_EVENT_FIELD, encodeClickEvent(event));
    add.xreadgroup('GROUP', CLICK_INGEST_GROUP, 'dead-consumer', 'COUNT', 100, 'STREAMS', stream, '>');
    await add.exec();

    await eventually(async () => (await t.prisma.click.count({ where: { id: { in: events.map((e) => e.id) } } })) === events.length, { timeoutMs: 30_000 });
    // The same event delivered again (a consumer died after committing, before acknowledging) changes nothing.
    await redis.xadd(stream, '*', CLICK_EVENT_FIELD, encodeClickEvent(events[0]));
    await eventually(async () => (await redis.xlen(stream)) === 0);
    expect(await t.prisma.click.count({ where: { id: { in: events.map((e) => e.id) } } })).toBe(events.length);
    expect((await t.prisma.message.findUniqueOrThrow({ where: { id: message.id } })).humanClicks).toBe(before + events.length);
  }, 60_000);
});
