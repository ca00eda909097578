/**
 * CRM webhooks end to end: a real campaign launched through the Twilio
 * sandbox, real taps on its links, STOP and START through the signed inbound
 * webhook, and CRM receivers on 127.0.0.1 that verify every delivery with the
 * standardwebhooks package, as a CRM would.
 */
import { jest } from '@jest/globals';
import { WebhookEventPublisher } from '../../src/modules/webhook/webhook-event.publisher.js';
import { postSignedForm } from '../../src/sandbox/signing.js';
import { launchAndWait, postJson, tap, USER_AGENTS } from '../utils/campaigns.js';
import { CrmReceiver, verify } from '../utils/crm-receiver.js';
import { createTestApp, eventually, TestApp } from '../utils/test-app.js';

jest.setTimeout(120_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SENDER = '+15005550006';
const phone = (n: number) => `+1415888${String(n).padStart(4, '0')}`;
const DESTINATION = 'https://shop.example.com/spring';
const ALL_EVENTS = ['message.sent', 'message.delivered', 'message.failed', 'link.clicked', 'recipient.opted_out', 'recipient.opted_in', 'conversion.created', 'campaign.completed'];

describe('CRM webhooks: events from a real campaign (e2e)', () => {
  let t: TestApp;
  let auth: { authorization: string };
  const everything = new CrmReceiver();
  const bots = new CrmReceiver();
  const flaky = new CrmReceiver();
  const secrets: Record<string, string> = {};
  let campaignId: string;
  let messages: Json[];

  const createEndpoint = async (name: string, body: Json) => {
    const created = await postJson(t, auth, '/v1/webhook-endpoints', body);
    expect(created.status).toBe(201);
    secrets[name] = created.body.secret;
    return created.body;
  };

  beforeAll(async () => {
    t = await createTestApp('webhookevents', {
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      // More attempts than the flaky receiver's 12 failures: on a slow machine events arrive one by one,
      // and a single event may meet every failure; it must still get through.
      WEBHOOK_RETRY_SCHEDULE: '0,100ms,150ms,200ms,250ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms',
      WEBHOOK_FANOUT_INTERVAL_MS: '100',
    });
    await Promise.all([everything.start(), bots.start(), flaky.start()]);
    let accountId: string;
    ({ auth, accountId } = await t.createAccount('CRM sync'));
    await createEndpoint('everything', { url: everything.url, events: ALL_EVENTS, description: 'all events, human clicks' });
    await createEndpoint('bots', { url: bots.url, events: ['link.clicked'], includeBotClicks: true });
    // Down for its first 12 requests, then back: every event must still arrive.
    flaky.behaviour = ({ index }) => ({ status: index < 12 ? 503 : 200 });
    await createEndpoint('flaky', { url: flaky.url, events: ALL_EVENTS });

    await t.prisma.recipient.createMany({
      data: [0, 1, 2].map((i) => ({ accountId, phone: phone(i), externalId: `crm-${i}`, segments: ['vip'] })),
    });
    const launched = await launchAndWait(t, auth, {
      name: 'Spring sale',
      from: SENDER,
      segments: ['vip'],
      variants: [{ key: 'A', body: `Spring sale ${DESTINATION} Reply STOP to opt out` }],
    });
    campaignId = launched.id;
    messages = launched.messages;
    expect((await tap(t, messages[0].links[0].code, { ip: '8.8.8.8', userAgent: USER_AGENTS.iphoneSafari })).status).toBe(302);
    expect((await tap(t, messages[1].links[0].code, { userAgent: USER_AGENTS.whatsApp })).status).toBe(302);
    expect((await t.sandbox.deliverInbound({ from: phone(2), to: SENDER, body: 'STOP' })).status).toBe(200);
    expect((await t.sandbox.deliverInbound({ from: phone(2), to: SENDER, body: 'START' })).status).toBe(200);
  }, 90_000);
  afterAll(async () => {
    await t.close();
    await Promise.all([everything.close(), bots.close(), flaky.close()]);
  });

  /** 3 sent + 3 delivered + 1 human click + opt-out + opt-in + completed. */
  const EXPECTED_EVENTS = 10;
  const allArrived = (receiver: CrmReceiver, name: string, count: number) =>
    eventually(async () => receiver.deduped(secrets[name]).size >= count, { timeoutMs: 30_000 });

  it('delivers every event of the campaign, each verified with the standardwebhooks package', async () => {
    await allArrived(everything, 'everything', EXPECTED_EVENTS);
    const events = [...everything.deduped(secrets.everything).values()];
    const count = (type: string) => events.filter((event) => event.type === type).length;
    expect({
      sent: count('message.sent'),
      delivered: count('message.delivered'),
      clicked: count('link.clicked'),
      optedOut: count('recipient.opted_out'),
      optedIn: count('recipient.opted_in'),
      completed: count('campaign.completed'),
      failed: count('message.failed'),
    }).toEqual({ sent: 3, delivered: 3, clicked: 1, optedOut: 1, optedIn: 1, completed: 1, failed: 0 });
    // Every request this receiver got verified (accepted() throws otherwise) and carried the Standard Webhooks headers.
    for (const request of everything.requests) {
      expect(request.headers['webhook-id']).toEqual(expect.any(String));
      expect(request.headers['webhook-timestamp']).toMatch(/^\d+$/);
      expect(request.headers['webhook-signature']).toMatch(/^v1,/);
      expect(request.headers['content-type']).toBe('application/json');
    }
  });

  it('gives message events what a CRM joins on: phone, externalId, campaign, variant, segment, ids and links', async () => {
    await allArrived(everything, 'everything', EXPECTED_EVENTS);
    const delivered = everything.ofType(secrets.everything, 'message.delivered').find((event) => event.data.recipient.phone === phone(0))!;
    const message = messages[0];
    expect(delivered).toEqual({
      type: 'message.delivered',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: {
        recipient: { phone: phone(0), externalId: 'crm-0' },
        campaign: { id: campaignId, name: 'Spring sale' },
        message: { id: message.id, providerSid: message.providerSid, status: 'delivered', variant: 'A', segment: 'vip', errorCode: null, errorMessage: null },
        links: [{ code: message.links[0].code, url: `${t.config.SHORT_LINK_BASE_URL}/${message.links[0].code}`, destination: DESTINATION }],
      },
    });
    const sent = everything.ofType(secrets.everything, 'message.sent').find((event) => event.data.message.id === message.id)!;
    expect(sent.data.message.providerSid).toBe(message.providerSid);
  });

  it('sends link.clicked for human clicks with device, OS, browser and place; bot clicks only where asked', async () => {
    await allArrived(everything, 'everything', EXPECTED_EVENTS);
    const [click] = everything.ofType(secrets.everything, 'link.clicked');
    expect(click.data).toMatchObject({
      recipient: { phone: phone(0), externalId: 'crm-0' },
      campaign: { id: campaignId, name: 'Spring sale' },
      message: { id: messages[0].id, variant: 'A', segment: 'vip' },
      link: { code: messages[0].links[0].code, destination: DESTINATION },
      click: { class: 'human', device: 'mobile', os: 'iOS', browser: 'Mobile Safari', country: 'US', source: 'link', outcome: 'redirected' },
    });
    expect(click.data.click).toHaveProperty('city');

    await eventually(async () => bots.deduped(secrets.bots).size >= 2);
    const classes = bots.ofType(secrets.bots, 'link.clicked').map((event) => event.data.click.class).sort();
    expect(classes).toEqual(['human', 'preview']);
    // The bot-click endpoint subscribed to link.clicked only.
    expect([...bots.deduped(secrets.bots).values()].every((event) => event.type === 'link.clicked')).toBe(true);
  });

  it('sends opt-out and opt-in from inbound STOP / START, and campaign.completed with the counts', async () => {
    await allArrived(everything, 'everything', EXPECTED_EVENTS);
    const [optedOut] = everything.ofType(secrets.everything, 'recipient.opted_out');
    expect(optedOut.data).toMatchObject({
      recipient: { phone: phone(2), externalId: 'crm-2' },
      senders: [SENDER],
      message: { id: messages[2].id },
      campaign: { id: campaignId },
    });
    const [optedIn] = everything.ofType(secrets.everything, 'recipient.opted_in');
    expect(optedIn.data).toMatchObject({ recipient: { phone: phone(2), externalId: 'crm-2' }, senders: [SENDER] });
    const [completed] = everything.ofType(secrets.everything, 'campaign.completed');
    expect(completed.data.campaign).toMatchObject({ id: campaignId, name: 'Spring sale', status: 'completed', recipients: 3, suppressed: 0 });
  });

  it('a receiver that fails for a while then recovers gets every event, each once after dedupe by webhook-id', async () => {
    await allArrived(flaky, 'flaky', EXPECTED_EVENTS);
    expect(flaky.requests.slice(0, 12).every((request) => request.status === 503)).toBe(true);
    const accepted = flaky.accepted(secrets.flaky);
    const ids = accepted.map((entry) => entry.id);
    // The same events as the healthy receiver got, under the same webhook-ids (one event, one id, every endpoint).
    expect(new Set(ids)).toEqual(new Set(everything.deduped(secrets.everything).keys()));
    // Retries of one event reuse its webhook-id: the failed attempts name only ids that later succeeded.
    const failedIds = flaky.requests.filter((request) => request.status === 503).map((request) => String(request.headers['webhook-id']));
    expect(failedIds.every((id) => ids.includes(id))).toBe(true);
    const deliveries = await t.prisma.webhookDelivery.findMany({ where: { endpoint: { url: flaky.url } } });
    expect(deliveries).toHaveLength(EXPECTED_EVENTS);
    expect(deliveries.every((delivery) => delivery.status === 'succeeded')).toBe(true);
    expect(deliveries.some((delivery) => delivery.attempts > 1)).toBe(true);
  });

  it('emits each message event once: a receipt Twilio sends again adds no event', async () => {
    await allArrived(everything, 'everything', EXPECTED_EVENTS);
    const message = messages[0];
    const statusUrl = `${t.config.PUBLIC_BASE_URL}/webhooks/twilio/status?messageId=${message.id}`;
    for (const status of ['delivered', 'delivered', 'sent']) {
      const answer = await postSignedForm(statusUrl, { MessageSid: message.providerSid, MessageStatus: status }, t.config.TWILIO_AUTH_TOKEN, 5000);
      expect(answer.status).toBeLessThan(300);
    }
    const events = await t.prisma.webhookEvent.groupBy({ by: ['type'], where: { messageId: message.id, type: { startsWith: 'message.' } }, _count: { _all: true } });
    expect(Object.fromEntries(events.map((group) => [group.type, group._count._all]))).toEqual({ 'message.sent': 1, 'message.delivered': 1 });
  });

  it('sends message.failed for a permanent provider error, and recipient.opted_out for a provider opt-out (21610)', async () => {
    const accountId = (await t.prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } })).accountId;
    // Twilio's magic numbers: 21612 is a permanent error, 21610 means the phone unsubscribed at Twilio.
    await t.prisma.recipient.createMany({
      data: [
        { accountId, phone: '+15005550002', externalId: 'crm-unreachable', segments: ['edge'] },
        { accountId, phone: '+15005550004', externalId: 'crm-unsubscribed', segments: ['edge'] },
      ],
    });
    const created = await postJson(t, auth, '/v1/campaigns', { name: 'Edge cases', from: SENDER, segments: ['edge'], variants: [{ key: 'B', body: 'Hello' }] });
    expect((await postJson(t, auth, `/v1/campaigns/${created.body.id}/launch`)).status).toBe(202);

    const failed = await eventually(async () =>
      everything.ofType(secrets.everything, 'message.failed').find((event) => event.data.recipient.phone === '+15005550002'));
    expect(failed!.data).toMatchObject({
      recipient: { phone: '+15005550002', externalId: 'crm-unreachable' },
      campaign: { id: created.body.id, name: 'Edge cases' },
      message: { status: 'failed', providerSid: null, variant: 'B', segment: 'edge', errorCode: 21612 },
      links: [],
    });
    const optedOut = await eventually(async () =>
      everything.ofType(secrets.everything, 'recipient.opted_out').find((event) => event.data.recipient.phone === '+15005550004'));
    expect(optedOut!.data).toMatchObject({ recipient: { phone: '+15005550004', externalId: 'crm-unsubscribed' }, senders: [SENDER] });
  });

  it('sends conversion.created for a conversion reported through POST /v1/conversions, once, even when the report is retried', async () => {
    const message = messages[1];
    const report = { code: message.links[0].code, name: 'purchase', value: 42.5, currency: 'USD', occurredAt: '2026-12-02T12:00:00.000Z', idempotencyKey: 'crm-order-1' };
    const stored = await postJson(t, auth, '/v1/conversions', report);
    expect(stored.status).toBe(201);
    expect((await postJson(t, auth, '/v1/conversions', report)).status).toBe(200);
    const conversionEvents = () => everything.ofType(secrets.everything, 'conversion.created');
    const received = await eventually(async () => conversionEvents()[0]);
    expect(received).toMatchObject({
      type: 'conversion.created',
      data: {
        conversion: { id: stored.body.id, name: 'purchase', value: 42.5, currency: 'USD', occurredAt: report.occurredAt, idempotencyKey: 'crm-order-1', code: report.code },
        recipient: { phone: phone(1), externalId: 'crm-1' },
        campaign: { id: campaignId, name: 'Spring sale' },
        message: { id: message.id, variant: 'A', segment: 'vip', providerSid: message.providerSid },
        links: [{ code: message.links[0].code, destination: DESTINATION }],
      },
    });
    expect(conversionEvents()).toHaveLength(1);
  });

  it('lets other features publish events inside their transaction, once per dedupe key, and only for subscribed accounts', async () => {
    const publisher = t.app.get(WebhookEventPublisher);
    const message = messages[2];
    const facts = { note: 'published by hand' };
    const eventId = await t.prisma.$transaction((tx) =>
      publisher.publish(tx, message.accountId, 'conversion.created', facts, { messageId: message.id, dedupeKey: 'by-hand-1' }));
    expect(eventId).toEqual(expect.any(String));
    expect(await publisher.publish(null, message.accountId, 'conversion.created', facts, { dedupeKey: 'by-hand-1' })).toBeNull();
    const stranger = await t.createAccount('No endpoints');
    expect(await publisher.publish(null, stranger.accountId, 'conversion.created', facts)).toBeNull();
    const received = await eventually(async () => everything.deduped(secrets.everything).get(eventId!));
    expect(received).toMatchObject({ type: 'conversion.created', data: { note: 'published by hand', message: { id: message.id } } });
  });

  it('a tampered body fails verification', async () => {
    await allArrived(everything, 'everything', EXPECTED_EVENTS);
    const request = everything.requests.find((entry) => entry.status === 200)!;
    expect(() => verify(secrets.everything, request)).not.toThrow();
    const tampered = { ...request, body: request.body.replace('"type":"', '"type":"x') };
    expect(() => verify(secrets.everything, tampered)).toThrow('No matching signature found');
    expect(() => verify(secrets.bots, request)).toThrow();
  });
});
