import { createTestApp, eventually, TestApp } from '../utils/test-app.js';

/**
 * The product's spine end to end, through the public API only: recipients in,
 * a 2-variant campaign over 2 segments launched, every message handed to the
 * (sandboxed) provider exactly once with its own short link, receipts back,
 * a STOP reply suppressing that phone in the next campaign.
 */
const SENDER = '+14155550000';
const AUDIENCE = 1000;
const VARIANT_BODIES = {
  A: 'Hi! 20% off everything this weekend: https://shop.example.com/sale?src=sms Reply STOP to opt out',
  B: 'Flash sale, today only https://shop.example.com/flash#top',
};

function phoneNumber(index: number): string {
  return `+1415201${String(index).padStart(4, '0')}`;
}

/** Every third recipient is in both segments, so "first matching segment in campaign order" is exercised. */
function segmentsOf(index: number): string[] {
  if (index % 3 === 0) return ['newsletter', 'vip'];
  return index % 2 === 0 ? ['vip'] : ['newsletter'];
}

describe('campaign flow: launch -> send -> receipts -> opt-out (e2e)', () => {
  let t: TestApp;
  let auth: { authorization: string };

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  const createCampaign = (name: string) =>
    api('POST', '/v1/campaigns', {
      name,
      from: SENDER,
      segments: ['vip', 'newsletter'],
      variants: [
        { key: 'A', body: VARIANT_BODIES.A, weight: 1 },
        { key: 'B', body: VARIANT_BODIES.B, weight: 1 },
      ],
    });

  const waitUntilCompleted = (campaignId: string) =>
    eventually(
      async () => {
        const { body } = await api('GET', `/v1/campaigns/${campaignId}`);
        return body.status === 'completed' && body.statusCounts.queued + body.statusCounts.sending === 0 ? body : null;
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );

  beforeAll(async () => {
    t = await createTestApp('flow', { SENDER_MPS: '2000', SEND_CONCURRENCY: '50' });
    ({ auth } = await t.createAccount('Flow Co'));
    const recipients = Array.from({ length: AUDIENCE }, (_, i) => ({ phone: phoneNumber(i), segments: segmentsOf(i) }));
    const imported = await api('POST', '/v1/recipients', { recipients });
    expect(imported.body).toMatchObject({ created: AUDIENCE, updated: 0, rejected: [] });
  });
  afterAll(() => t.close());

  let firstCampaignId: string;

  it('sends exactly one message per recipient, each with its own short link and correctly rendered body', async () => {
    const created = await createCampaign('Weekend sale');
    expect(created.status).toBe(201);
    firstCampaignId = created.body.id;

    const launched = await api('POST', `/v1/campaigns/${firstCampaignId}/launch`);
    expect(launched.status).toBe(202);
    const again = await api('POST', `/v1/campaigns/${firstCampaignId}/launch`);
    expect(again.status).toBe(202);

    const campaign = await waitUntilCompleted(firstCampaignId);
    expect(campaign.counts.recipients).toBe(AUDIENCE);

    const sent = t.sandbox.messages();
    expect(sent).toHaveLength(AUDIENCE);
    expect(new Set(sent.map((m) => m.to)).size).toBe(AUDIENCE);
    expect(sent.every((m) => m.from === SENDER)).toBe(true);

    const shortLink = new RegExp(`${t.config.SHORT_LINK_BASE_URL.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/([0-9A-Za-z]{8,})`, 'g');
    const codes = sent.flatMap((m) => [...m.body.matchAll(shortLink)].map((match) => match[1]));
    expect(codes).toHaveLength(AUDIENCE);
    expect(new Set(codes).size).toBe(AUDIENCE);

    const messages = await t.prisma.message.findMany({ where: { campaignId: firstCampaignId }, include: { links: true } });
    expect(messages).toHaveLength(AUDIENCE);
    const byPhone = new Map(sent.map((m) => [m.to, m]));
    for (const message of messages) {
      expect(message.links).toHaveLength(1);
      const [link] = message.links;
      const template = VARIANT_BODIES[message.variant as 'A' | 'B'];
      const expectedBody = template.replace(link.destination, `${t.config.SHORT_LINK_BASE_URL}/${link.code}`);
      expect(byPhone.get(message.phone)?.body).toBe(expectedBody);
      expect(message.providerSid).toBe(byPhone.get(message.phone)?.sid);
    }
  });

  it('assigns both variants and the first matching segment in campaign order', async () => {
    const groups = await t.prisma.message.groupBy({
      by: ['variant', 'segment'],
      where: { campaignId: firstCampaignId },
      _count: true,
    });
    const count = (variant: string, segment: string) =>
      groups.find((g) => g.variant === variant && g.segment === segment)?._count ?? 0;
    for (const variant of ['A', 'B']) for (const segment of ['vip', 'newsletter']) expect(count(variant, segment)).toBeGreaterThan(100);

    const inBoth = await t.prisma.message.findUniqueOrThrow({
      where: { campaignId_phone: { campaignId: firstCampaignId, phone: phoneNumber(3) } },
    });
    expect(inBoth.segment).toBe('vip');
  });

  it('records the delivery receipts of every message', async () => {
    await eventually(async () => {
      const pending = await t.prisma.message.count({
        where: { campaignId: firstCampaignId, status: { notIn: ['delivered', 'undelivered', 'failed'] } },
      });
      return pending === 0;
    });
    const delivered = await t.prisma.message.findMany({ where: { campaignId: firstCampaignId, status: 'delivered' } });
    expect(delivered.length).toBe(AUDIENCE);
    expect(delivered.every((m) => m.acceptedAt && m.deliveredAt && m.sentAt)).toBe(true);

    const { body } = await api('GET', `/v1/campaigns/${firstCampaignId}`);
    expect(body.counts).toEqual({ recipients: AUDIENCE, suppressed: 0, sent: AUDIENCE, delivered: AUDIENCE, failed: 0, frequencyCapped: 0 });
  });

  it('suppresses a phone that replied STOP in the next campaign', async () => {
    const stopper = phoneNumber(7);
    const reply = await t.sandbox.deliverInbound({ from: stopper, to: SENDER, body: '  stop ' });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<Response>');

    const attributed = await t.prisma.message.findUniqueOrThrow({
      where: { campaignId_phone: { campaignId: firstCampaignId, phone: stopper } },
    });
    expect(attributed.optedOutAt).not.toBeNull();

    t.sandbox.reset();
    const second = await createCampaign('Second wave');
    await api('POST', `/v1/campaigns/${second.body.id}/launch`);
    const campaign = await waitUntilCompleted(second.body.id);
    expect(campaign.counts.suppressed).toBe(1);
    expect(campaign.counts.recipients).toBe(AUDIENCE);

    await eventually(async () => t.sandbox.messages().length === AUDIENCE - 1);
    expect(t.sandbox.messages().some((m) => m.to === stopper)).toBe(false);
  });

  it('hides the campaign from another account', async () => {
    const other = await t.createAccount('Someone else');
    const response = await fetch(`${t.baseUrl}/v1/campaigns/${firstCampaignId}`, { headers: other.auth });
    expect(response.status).toBe(404);
    const launch = await fetch(`${t.baseUrl}/v1/campaigns/${firstCampaignId}/launch`, { method: 'POST', headers: other.auth });
    expect(launch.status).toBe(404);
  });
});
