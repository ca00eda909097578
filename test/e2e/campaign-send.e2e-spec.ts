import { createTestApp, eventually, TestApp } from '../utils/test-app.js';

/**
 * The headline scenario through the production code path: a
 * 1,000-recipient, 2-variant, 2-segment campaign launched (twice, at once)
 * over HTTP, materialised by the launch worker, sent by the send worker to the
 * Twilio sandbox. The sandbox log must show exactly one message per recipient,
 * each with its own short link and correctly rendered body.
 */
const SHORT = 'https://sl.test';
const SENDER = '+15005550006';
const RECIPIENTS = 1000;

const phone = (n: number) => `+1415666${String(n).padStart(4, '0')}`;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('campaign end to end through the sandbox (e2e)', () => {
  let t: TestApp;
  let auth: { authorization: string };

  beforeAll(async () => {
    t = await createTestApp('campaign_send', { SHORT_LINK_BASE_URL: SHORT, SENDER_MPS: '2000', SEND_CONCURRENCY: '50', LAUNCH_CHUNK_SIZE: '300' });
    let accountId: string;
    ({ auth, accountId } = await t.createAccount('E2E'));
    // Segments: a third in "vip" only, a third in both, a third in "news" only; plus people outside the audience.
    await t.prisma.recipient.createMany({
      data: [
        ...Array.from({ length: RECIPIENTS }, (_, i) => ({ accountId, phone: phone(i), segments: [['vip'], ['news', 'vip'], ['news']][i % 3] })),
        ...Array.from({ length: 50 }, (_, i) => ({ accountId, phone: phone(5000 + i), segments: ['other'] })),
      ],
    });
  }, 60_000);
  afterAll(() => t.close());

  it('sends exactly one message per recipient, each with its own short link and body', async () => {
    const post = async (path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
      const response = await fetch(`${t.baseUrl}${path}`, {
        method: 'POST',
        headers: { ...auth, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, body: (await response.json()) as Json };
    };
    const created = await post('/v1/campaigns', {
      name: 'End to end',
      from: SENDER,
      segments: ['vip', 'news'],
      variants: [
        { key: 'A', body: 'Sale: https://shop.example.com/a?x=1. Reply STOP to opt out', weight: 1 },
        { key: 'B', body: 'Hi! (https://shop.example.com/b) Reply STOP to opt out', weight: 1 },
      ],
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const launches = await Promise.all([post(`/v1/campaigns/${id}/launch`), post(`/v1/campaigns/${id}/launch`)]);
    expect(launches.map((l) => l.status)).toEqual([202, 202]);

    await eventually(async () => t.sandbox.messages().length >= RECIPIENTS, { timeoutMs: 90_000, intervalMs: 500 });
    const completed = await eventually(async () => {
      const response = await fetch(`${t.baseUrl}/v1/campaigns/${id}`, { headers: auth });
      const body = (await response.json()) as Json;
      return body.status === 'completed' ? body : null;
    }, { timeoutMs: 60_000, intervalMs: 500 });
    expect(completed!.counts).toMatchObject({ recipients: RECIPIENTS, suppressed: 0, sent: RECIPIENTS });
    expect(completed!.statusCounts).toMatchObject({ queued: 0, sending: 0 });

    const sent = t.sandbox.messages();
    expect(sent).toHaveLength(RECIPIENTS);
    expect(new Set(sent.map((m) => m.to))).toEqual(new Set(Array.from({ length: RECIPIENTS }, (_, i) => phone(i))));

    const messages = await t.prisma.message.findMany({ where: { campaignId: id }, include: { links: true } });
    const byPhone = new Map(messages.map((m) => [m.phone, m]));
    const codes = new Set<string>();
    for (const sms of sent) {
      const message = byPhone.get(sms.to)!;
      expect(message.links).toHaveLength(1);
      const link = message.links[0];
      codes.add(link.code);
      const shortLink = `${SHORT}/${link.code}`;
      expect(sms.body).toBe(
        message.variant === 'A'
          ? `Sale: ${shortLink}. Reply STOP to opt out`
          : `Hi! (${shortLink}) Reply STOP to opt out`,
      );
      expect(link.destination).toBe(message.variant === 'A' ? 'https://shop.example.com/a?x=1' : 'https://shop.example.com/b');
      expect(message.segment).toBe(Number(sms.to.slice(-4)) % 3 === 2 ? 'news' : 'vip');
    }
    expect(codes.size).toBe(RECIPIENTS);
    const variantA = messages.filter((m) => m.variant === 'A').length;
    expect(variantA).toBeGreaterThan(400);
    expect(variantA).toBeLessThan(600);
  }, 180_000);
});
