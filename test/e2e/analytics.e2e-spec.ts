import { StatsRepository } from '../../src/modules/analytics/stats.repository.js';
import type { MetricCell } from '../../src/modules/analytics/metrics/metric-cell.js';
import { postSignedForm } from '../../src/sandbox/signing.js';
import { getJson, launchAndWait, postJson, tap, USER_AGENTS } from '../utils/campaigns.js';
import { createTestApp, eventually, TestApp } from '../utils/test-app.js';

/**
 * The analytics API over a real launch through the sandbox: taps through the
 * redirect and the ingest consumer, STOP/START through Twilio's inbound
 * webhook, conversions through the API. Then stats, timeseries, breakdowns,
 * the messages list, the CSV exports and the overview must agree with what
 * happened, and with each other.
 */
const SENDER = '+15005550006';
const phone = (n: number) => `+1415666${String(n).padStart(4, '0')}`;

describe('analytics API over a real campaign (e2e)', () => {
  let t: TestApp;
  let auth: { authorization: string };
  let accountId: string;
  let campaignId: string;
  let messages: Awaited<ReturnType<typeof launchAndWait>>['messages'];
  const code = (i: number) => messages[i].links[0].code;
  /** Variants are assigned by a hash of random ids: with 8 recipients, all may land in one variant (and its one URL). */
  const destinationsSent = () => [...new Set(messages.map((m) => m.links[0].destination))].sort();

  beforeAll(async () => {
    t = await createTestApp('analytics');
    ({ auth, accountId } = await t.createAccount('Analytics'));
    await t.prisma.account.update({ where: { id: accountId }, data: { timezone: 'America/New_York' } });
    await t.prisma.recipient.createMany({
      data: Array.from({ length: 8 }, (_, i) => ({ accountId, phone: phone(i), segments: i < 4 ? ['vip'] : ['new'] })),
    });
    ({ id: campaignId, messages } = await launchAndWait(t, auth, {
      name: 'Autumn drop',
      from: SENDER,
      segments: ['vip', 'new'],
      variants: [
        { key: 'A', body: 'Autumn drop https://shop.example.com/autumn' },
        { key: 'B', body: 'New in: https://shop.example.com/new' },
      ],
      tags: ['autumn', 'drops'],
    }));

    // Humans: message 0 twice, 1 and 4 once (from the US); a preview fetcher on 2; a QR scan on 3.
    for (const [i, options] of [[0, { ip: '8.8.8.8' }], [0, { ip: '8.8.8.8', userAgent: USER_AGENTS.androidChrome }], [1, { ip: '8.8.8.8' }], [4, { ip: '8.8.8.8' }], [2, { userAgent: USER_AGENTS.whatsApp }], [3, { query: '?s=qr' }]] as const) {
      expect((await tap(t, code(i), options)).status).toBe(302);
    }
    await eventually(async () => (await t.prisma.click.count({ where: { campaignId } })) === 6);
  }, 90_000);
  afterAll(() => t.close());

  const stats = async (query = '') => {
    const response = await getJson(t, auth, `/v1/campaigns/${campaignId}/stats${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  describe('conversions', () => {
    it('attributes a conversion by code and counts it in the stats', async () => {
      const response = await postJson(t, auth, '/v1/conversions', { code: code(0), name: 'purchase', value: 25.5, currency: 'USD', idempotencyKey: 'order-1' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ messageId: messages[0].id, campaignId, code: code(0), value: 25.5, currency: 'USD', duplicate: false });
      const byId = await postJson(t, auth, '/v1/conversions', { messageId: messages[4].id, name: 'signup' });
      expect(byId.status).toBe(201);
      expect(byId.body).toMatchObject({ value: null, currency: 'USD' });
    });

    it('answers the same idempotencyKey with the stored conversion, once, and refuses it for a different one', async () => {
      const again = await postJson(t, auth, '/v1/conversions', { code: code(0), name: 'purchase', value: 25.5, currency: 'USD', idempotencyKey: 'order-1' });
      expect(again.status).toBe(200);
      expect(again.body.duplicate).toBe(true);
      const different = await postJson(t, auth, '/v1/conversions', { code: code(0), name: 'purchase', value: 99, idempotencyKey: 'order-1' });
      expect(different.status).toBe(409);
      expect(different.body.message).toBe('idempotencyKey: already used for a different conversion');
      const racing = await Promise.all(Array.from({ length: 5 }, () => postJson(t, auth, '/v1/conversions', { code: code(1), name: 'purchase', value: 10, idempotencyKey: 'order-2' })));
      expect(racing.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
      expect(await t.prisma.conversion.count({ where: { campaignId } })).toBe(3);
    });

    // Bodies are built per test: the table exists before beforeAll has launched anything.
    it.each<[string, (code: string) => Record<string, unknown>, number, string]>([
      ['no code, messageId, phone or externalId', () => ({ name: 'purchase' }), 400, 'code: one of code, messageId, phone or externalId is required'],
      ['a negative value', (c) => ({ code: c, name: 'purchase', value: -1 }), 400, 'value: must not be less than 0'],
      ['five decimals', (c) => ({ code: c, name: 'purchase', value: 1.23456 }), 400, 'value: must be a number with at most 4 decimals'],
      ['another currency', (c) => ({ code: c, name: 'purchase', value: 5, currency: 'EUR' }), 400, "currency: must be USD, the campaign's currency"],
      ['a malformed currency', (c) => ({ code: c, name: 'purchase', currency: 'usd1' }), 400, 'currency: must be an ISO 4217 code'],
      ['a blank name', (c) => ({ code: c, name: ' ' }), 400, 'name: must not be empty'],
      ['a future time', (c) => ({ code: c, name: 'purchase', occurredAt: '2999-01-01T00:00:00Z' }), 400, 'occurredAt: must not be in the future'],
      ['a time without offset', (c) => ({ code: c, name: 'purchase', occurredAt: 'yesterday' }), 400, 'occurredAt: must be a date-time with an offset'],
      ['an unknown code', () => ({ code: 'nope404', name: 'purchase' }), 404, 'Link nope404 not found'],
    ])('refuses %s with %i naming the problem', async (_label, body, status, message) => {
      const response = await postJson(t, auth, '/v1/conversions', body(code(0)));
      expect(response.status).toBe(status);
      expect(response.body.message).toContain(message);
    });

    it("does not attribute to another account's link", async () => {
      const other = await t.createAccount('Other');
      const response = await postJson(t, other.auth, '/v1/conversions', { code: code(0), name: 'purchase' });
      expect(response.status).toBe(404);
    });
  });

  describe('opt-outs', () => {
    it('counts a STOP once, keeps it after START, and ignores a STOP outside the attribution window', async () => {
      for (const body of ['STOP', 'stop', 'START']) expect((await t.sandbox.deliverInbound({ from: messages[1].phone, to: SENDER, body })).status).toBe(200);
      // Message 7 went out 8 days ago as far as attribution is concerned: its STOP is stored, not attributed.
      await t.prisma.message.update({ where: { id: messages[7].id }, data: { acceptedAt: new Date(Date.now() - 8 * 86_400_000) } });
      expect((await t.sandbox.deliverInbound({ from: messages[7].phone, to: SENDER, body: 'STOP' })).status).toBe(200);
      const { campaign } = await stats();
      expect(campaign).toMatchObject({ optOuts: 1, optOutRate: 1 / 8, optOutRateClickers: 1 / 3, optOutRateNonClickers: 0 });
    });
  });

  describe('stats', () => {
    it('keeps a delivered message delivered when late receipts arrive out of order', async () => {
      const before = (await stats()).campaign;
      for (const [message, status] of [[messages[2], 'sent'], [messages[2], 'undelivered'], [messages[3], 'failed'], [messages[3], 'queued']] as const) {
        const statusUrl = `${t.config.PUBLIC_BASE_URL}/webhooks/twilio/status?messageId=${message.id}`;
        const answer = await postSignedForm(statusUrl, { MessageSid: message.providerSid!, MessageStatus: status }, t.config.TWILIO_AUTH_TOKEN, 5000);
        expect(answer.status).toBeLessThan(300);
      }
      expect((await t.prisma.message.findMany({ where: { id: { in: [messages[2].id, messages[3].id] } } })).map((m) => m.status)).toEqual(['delivered', 'delivered']);
      expect((await stats()).campaign).toEqual(before);
    });

    it('agrees with what happened and with the campaign counts', async () => {
      const { campaign, groups, abTest } = await stats('?groupBy=variant,segment');
      expect(campaign).toMatchObject({
        recipients: 8, suppressed: 0, sent: 8, delivered: 8, failed: 0, clicks: 4, uniqueClicks: 3, botClicks: 1, qrScans: 1,
        ctr: 3 / 8, conversions: 3, revenue: 35.5, clickToConversion: 1, revenuePerClick: 35.5 / 4,
      });
      expect(campaign.timeToClick.median).toBeGreaterThan(0);
      expect(groups).toHaveLength(4);
      expect(groups.reduce((n: number, g: { recipients: number }) => n + g.recipients, 0)).toBe(8);
      expect(abTest.variants.map((v: { variant: string }) => v.variant)).toEqual(['A', 'B']);
      const { body: counts } = await getJson(t, auth, `/v1/campaigns/${campaignId}`);
      for (const key of ['recipients', 'suppressed', 'sent', 'delivered', 'failed']) expect(counts.counts[key]).toBe(campaign[key]);
    });

    it('is 404 for another account and for an unknown campaign', async () => {
      const other = await t.createAccount('Nosy');
      expect((await getJson(t, other.auth, `/v1/campaigns/${campaignId}/stats`)).status).toBe(404);
      expect((await getJson(t, auth, '/v1/campaigns/00000000-0000-4000-8000-000000000000/stats')).status).toBe(404);
      expect((await getJson(t, auth, '/v1/campaigns/not-a-uuid/stats')).body.message).toBe('id: must be a UUID');
    });

    it('exports the stats as CSV', async () => {
      const response = await fetch(`${t.baseUrl}/v1/campaigns/${campaignId}/stats/export?groupBy=variant`, { headers: auth });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="campaign-${campaignId}-stats.csv"`);
      const lines = (await response.text()).trim().split('\n');
      expect(lines).toHaveLength(4);
      expect(lines[0]).toMatch(/^scope,variant,segment,recipients,suppressed,sent,failed,delivered,/);
      expect(lines[1]).toMatch(/^campaign,,,8,0,8,0,8,/);
      expect(lines[2]).toMatch(/^group,A,,/);
    });
  });

  describe('timeseries and breakdowns', () => {
    it("buckets deliveries and clicks in the account's timezone, adding up to the stats", async () => {
      const { campaign } = await stats();
      for (const interval of ['hour', 'day']) {
        const { status, body } = await getJson(t, auth, `/v1/campaigns/${campaignId}/timeseries?interval=${interval}`);
        expect(status).toBe(200);
        expect(body).toMatchObject({ interval, timezone: 'America/New_York' });
        expect(body.points[0].bucket).toMatch(/-0[45]:00$/);
        const total = (key: string) => body.points.reduce((n: number, p: Record<string, number>) => n + p[key], 0);
        expect([total('deliveries'), total('humanClicks'), total('uniqueClicks'), total('botClicks')]).toEqual([8, campaign.clicks, campaign.uniqueClicks, campaign.botClicks]);
      }
      expect((await getJson(t, auth, `/v1/campaigns/${campaignId}/timeseries?interval=week`)).body.message).toBe('interval: must be hour or day');
    });

    it('splits clicks by device, country and click class', async () => {
      const device = (await getJson(t, auth, `/v1/campaigns/${campaignId}/breakdown?by=device`)).body;
      expect(device.rows).toEqual(expect.arrayContaining([{ value: 'mobile', clicks: 4, uniqueClicks: 3, botClicks: 0, share: 1 }]));
      const country = (await getJson(t, auth, `/v1/campaigns/${campaignId}/breakdown?by=country`)).body;
      expect(country.rows[0]).toMatchObject({ value: 'US', clicks: 4, uniqueClicks: 3 });
      const classes = (await getJson(t, auth, `/v1/campaigns/${campaignId}/breakdown?by=clickClass`)).body;
      expect(classes.rows).toEqual([
        { value: 'human', clicks: 4, uniqueClicks: 3, botClicks: 0, share: 1 },
        { value: 'preview', clicks: 0, uniqueClicks: 0, botClicks: 1, share: 0 },
      ]);
      const city = (await getJson(t, auth, `/v1/campaigns/${campaignId}/breakdown?by=city`)).body;
      expect(city.rows[0]).toHaveProperty('country', 'US');
      expect((await getJson(t, auth, `/v1/campaigns/${campaignId}/breakdown?by=shoe`)).status).toBe(400);
    });

    it('ranks the top links by unique clicks', async () => {
      const { body } = await getJson(t, auth, `/v1/campaigns/${campaignId}/top-links`);
      expect(body.map((l: { destination: string }) => l.destination).sort()).toEqual(destinationsSent());
      expect(body.reduce((n: number, l: { uniqueClicks: number }) => n + l.uniqueClicks, 0)).toBe(3);
      expect(body.reduce((n: number, l: { links: number }) => n + l.links, 0)).toBe(8);
    });
  });

  describe('messages', () => {
    it('pages through every message once, with its links and counters', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const { status, body }: { status: number; body: Record<string, any> } = await getJson(t, auth, `/v1/campaigns/${campaignId}/messages?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(status).toBe(200);
        expect(body.data.length).toBeLessThanOrEqual(3);
        seen.push(...body.data.map((m: { id: string }) => m.id));
        cursor = body.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual(messages.map((m) => m.id).sort());
      const first = (await getJson(t, auth, `/v1/campaigns/${campaignId}/messages?clicked=true&limit=10`)).body.data;
      expect(first.map((m: { phone: string }) => m.phone).sort()).toEqual([messages[0].phone, messages[1].phone, messages[4].phone]);
      const zero = first.find((m: { id: string }) => m.id === messages[0].id);
      expect(zero).toMatchObject({ clicks: 2, conversions: 1, revenue: 25.5, status: 'delivered', shortLinks: [{ code: code(0), url: `${t.config.SHORT_LINK_BASE_URL}/${code(0)}` }] });
    });

    it('filters by variant, segment and status, and refuses unknown values by name', async () => {
      const vipA = (await getJson(t, auth, `/v1/campaigns/${campaignId}/messages?variant=A&segment=vip&status=delivered`)).body.data;
      expect(vipA.every((m: { variant: string; segment: string }) => m.variant === 'A' && m.segment === 'vip')).toBe(true);
      const notClicked = (await getJson(t, auth, `/v1/campaigns/${campaignId}/messages?clicked=false`)).body.data;
      expect(notClicked).toHaveLength(5);
      expect((await getJson(t, auth, `/v1/campaigns/${campaignId}/messages?status=lost`)).body.message).toContain('status: must be one of');
      expect((await getJson(t, auth, `/v1/campaigns/${campaignId}/messages?clicked=maybe`)).body.message).toBe('clicked: must be true or false');
      expect((await getJson(t, auth, `/v1/campaigns/${campaignId}/messages?cursor=abc`)).body.message).toBe('cursor: must be the nextCursor of a previous page');
    });

    it('exports messages as CSV with phones masked unless revealed', async () => {
      const masked = await (await fetch(`${t.baseUrl}/v1/campaigns/${campaignId}/messages/export`, { headers: auth })).text();
      const lines = masked.trim().split('\n');
      expect(lines).toHaveLength(9);
      expect(lines[0]).toMatch(/^id,phone,externalId,variant,segment,status,/);
      expect(masked).not.toContain(messages[0].phone);
      expect(masked).toContain('+1415*****00');
      const revealed = await (await fetch(`${t.baseUrl}/v1/campaigns/${campaignId}/messages/export?revealPhones=true&clicked=true`, { headers: auth })).text();
      expect(revealed.trim().split('\n')).toHaveLength(4);
      expect(revealed).toContain(messages[0].phone);
      const other = await t.createAccount('Exporter');
      const denied = await fetch(`${t.baseUrl}/v1/campaigns/${campaignId}/messages/export`, { headers: other.auth });
      expect(denied.status).toBe(404);
      expect(denied.headers.get('content-type')).toContain('application/json');
    });
  });

  describe('overview', () => {
    it('lists launched campaigns with metrics, top campaigns and top links, filtered by tags and dates', async () => {
      const { status, body } = await getJson(t, auth, '/v1/analytics/overview?tags=autumn,other');
      expect(status).toBe(200);
      expect(body.campaigns).toHaveLength(1);
      expect(body.campaigns[0]).toMatchObject({ id: campaignId, name: 'Autumn drop', tags: ['autumn', 'drops'], metrics: { delivered: 8, uniqueClicks: 3, revenue: 35.5 } });
      expect(body.totals).toMatchObject({ delivered: 8, uniqueClicks: 3, revenue: 35.5 });
      expect(body.topCampaigns[0].id).toBe(campaignId);
      expect(body.topLinks.length).toBe(destinationsSent().length);
      expect(body.revenueByCurrency).toEqual([{ currency: 'USD', revenue: 35.5, conversions: 3 }]);
      expect((await getJson(t, auth, '/v1/analytics/overview?tags=winter')).body.campaigns).toEqual([]);
      expect((await getJson(t, auth, '/v1/analytics/overview?from=2099-01-01T00:00:00Z')).body.campaigns).toEqual([]);
      expect((await getJson(t, auth, '/v1/analytics/overview?to=nope')).body.message).toBe('to: must be an ISO 8601 date-time');
    });
  });

  describe('stats rollup', () => {
    const sorted = (cells: MetricCell[]) =>
      cells.map((c) => JSON.stringify(c, Object.keys(c).sort())).sort();

    it('equals a scan of the messages before and after folding, and stays so through updates and deletes', async () => {
      const repository = t.app.get(StatsRepository);
      const agree = async () => expect(sorted(await repository.metricCells(campaignId))).toEqual(sorted(await repository.metricCellsByScan(campaignId)));
      await agree();
      const before = await stats('?groupBy=variant,segment');
      await repository.foldCellDeltas();
      expect(await t.prisma.messageCellDelta.count({ where: { campaignId } })).toBe(0);
      await agree();
      expect({ ...(await stats('?groupBy=variant,segment')), generatedAt: null }).toEqual({ ...before, generatedAt: null });

      // An update that moves no cell leaves no delta; one that does is counted at once, folded or not.
      await t.prisma.message.updateMany({ where: { campaignId }, data: { sendingAt: new Date() } });
      expect(await t.prisma.messageCellDelta.count({ where: { campaignId } })).toBe(0);
      await t.prisma.message.update({ where: { id: messages[5].id }, data: { status: 'undelivered', deliveredAt: null } });
      await t.prisma.message.delete({ where: { id: messages[6].id } });
      await agree();
      expect((await stats()).campaign).toMatchObject({ recipients: 7, delivered: 6, failed: 1 });
      await repository.foldCellDeltas();
      await agree();
    });
  });
});
