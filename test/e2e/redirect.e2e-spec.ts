import { Redis } from 'ioredis';
import { createHttpApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/app-config.js';
import { LinkCache } from '../../src/modules/link/link-cache.js';
import { getJson, launchAndWait, postJson, tap, USER_AGENTS } from '../utils/campaigns.js';
import { createTestApp, eventually, TEST_REDIS_URL, TestApp } from '../utils/test-app.js';

/**
 * The short-link redirect against the real stack: a campaign launched through
 * the sandbox, then taps with real user agents. Checks the answer (302 with
 * UTM, 404, 410, 429), that each click is persisted by the ingest consumer
 * with its classification and enrichment, and the message's counters.
 */
const SENDER = '+15005550006';
const phone = (n: number) => `+1415777${String(n).padStart(4, '0')}`;
const DESTINATION = 'https://shop.example.com/spring?ref=sms&utm_source=newsletter#top';

describe('tracked links: redirect and click capture (e2e)', () => {
  let t: TestApp;
  let auth: { authorization: string };
  let campaignId: string;
  let codes: string[];
  let messageIds: string[];

  beforeAll(async () => {
    t = await createTestApp('redirect', { NOT_FOUND_LIMIT_PER_MINUTE: '5' });
    let accountId: string;
    ({ auth, accountId } = await t.createAccount('Redirects'));
    await t.prisma.recipient.createMany({ data: Array.from({ length: 8 }, (_, i) => ({ accountId, phone: phone(i), segments: ['vip'] })) });
    const launched = await launchAndWait(t, auth, {
      name: 'Spring sale',
      from: SENDER,
      segments: ['vip'],
      variants: [{ key: 'A', body: `Spring sale ${DESTINATION} Reply STOP to opt out` }],
      utm: { medium: 'text' },
    });
    campaignId = launched.id;
    codes = launched.messages.map((m) => m.links[0].code);
    messageIds = launched.messages.map((m) => m.id);
  }, 60_000);
  afterAll(() => t.close());

  const clicksOf = async (code: string, count: number) =>
    (await eventually(async () => {
      const rows = await t.prisma.click.findMany({ where: { code }, orderBy: { occurredAt: 'asc' } });
      return rows.length >= count ? rows : null;
    }))!;

  it('warms every link of the launch into Redis', async () => {
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const stored = await redis.mget(codes.map((code) => `${t.config.QUEUE_PREFIX}:links:${code}`));
      expect(stored.every((value) => typeof value === 'string' && value.includes(DESTINATION))).toBe(true);
    } finally {
      redis.disconnect();
    }
  });

  it('redirects with UTM merged in, never cached, and records a human click with its device, browser and place', async () => {
    const response = await tap(t, codes[0], { ip: '8.8.8.8' });
    expect(response.status).toBe(302);
    // utm_source already on the destination is kept; the others are added; the fragment stays last.
    expect(response.headers.location).toBe(
      'https://shop.example.com/spring?ref=sms&utm_source=newsletter&utm_medium=text&utm_campaign=spring-sale&utm_content=A#top',
    );
    expect(response.headers['cache-control']).toBe('private, max-age=0');
    const [click] = await clicksOf(codes[0], 1);
    expect(click).toMatchObject({
      messageId: messageIds[0],
      campaignId,
      source: 'link',
      outcome: 'redirected',
      clickClass: 'human',
      method: 'GET',
      deviceType: 'mobile',
      os: 'iOS',
      browser: 'Mobile Safari',
      country: 'US',
      ip: '8.8.8.0',
      acceptLanguage: 'en-US,en;q=0.9',
    });
    expect(click.osVersion).toMatch(/^17\.5/);
    expect(click.secondsSinceDelivery).toBeGreaterThan(0);
    const message = await t.prisma.message.findUniqueOrThrow({ where: { id: messageIds[0] } });
    expect(message).toMatchObject({ humanClicks: 1, botClicks: 0, firstHumanClickAt: click.occurredAt });
  });

  it('classifies previews, scanners, HEAD and an empty user agent as bots, and browsers as humans', async () => {
    const code = codes[1];
    const taps: [NonNullable<Parameters<typeof tap>[2]>, string, string][] = [
      [{ userAgent: USER_AGENTS.iMessagePreview }, 'preview', 'preview:imessage'],
      [{ userAgent: USER_AGENTS.whatsApp }, 'preview', 'preview:whatsapp'],
      [{ userAgent: USER_AGENTS.slack }, 'preview', 'preview:slack'],
      [{ userAgent: USER_AGENTS.telegram }, 'preview', 'preview:telegram'],
      [{ userAgent: USER_AGENTS.curl }, 'scanner', 'http-client:curl'],
      [{ userAgent: USER_AGENTS.headlessChrome }, 'scanner', 'headless:headless-chrome'],
      [{ method: 'HEAD' }, 'scanner', 'head-request'],
      [{ userAgent: null }, 'scanner', 'empty-user-agent'],
      [{ userAgent: USER_AGENTS.androidChrome }, 'human', 'human'],
      [{ userAgent: USER_AGENTS.samsungInternet }, 'human', 'human'],
    ];
    for (const [options] of taps) {
      const response = await tap(t, code, options);
      expect(response.status).toBe(302);
      if (options.method === 'HEAD') expect(response.body).toBe('');
    }
    const stored = await clicksOf(code, taps.length);
    expect(stored.map((c) => [c.clickClass, c.classReason.startsWith('timing:') ? 'human' : c.classReason])).toEqual(
      taps.map(([, clickClass, reason]) => [clickClass, reason]),
    );
    expect(stored.find((c) => c.browser === 'Samsung Internet')?.deviceType).toBe('mobile');
    expect(stored.find((c) => c.browser === 'Chrome Mobile' || c.browser === 'Chrome')?.os).toBe('Android');
    const message = await t.prisma.message.findUniqueOrThrow({ where: { id: messageIds[1] } });
    expect(message).toMatchObject({ humanClicks: 2, botClicks: 8 });
    expect(message.firstHumanClickAt).toEqual(stored[8].occurredAt);
    // The link keeps the same counts (a trigger on clicks), for the top-links reads.
    expect(await t.prisma.link.findUniqueOrThrow({ where: { code } })).toMatchObject({ humanClicks: 2, botClicks: 8 });
  });

  it('flags a click seconds after the delivery receipt without making it a bot click', async () => {
    await t.prisma.message.update({ where: { id: messageIds[2] }, data: { deliveredAt: new Date(Date.now() - 1000) } });
    expect((await tap(t, codes[2])).status).toBe(302);
    const [click] = await clicksOf(codes[2], 1);
    expect(click).toMatchObject({ clickClass: 'human', timingSignal: true });
    expect(click.classReason).toMatch(/^timing:\ds-after-delivery$/);
  });

  it('counts a QR scan apart from clicks', async () => {
    expect((await tap(t, codes[3], { query: '?s=qr' })).status).toBe(302);
    const [scan] = await clicksOf(codes[3], 1);
    expect(scan).toMatchObject({ source: 'qr', clickClass: 'human' });
    const message = await t.prisma.message.findUniqueOrThrow({ where: { id: messageIds[3] } });
    expect(message).toMatchObject({ qrScans: 1, humanClicks: 0, firstHumanClickAt: null });
    expect(await t.prisma.link.findUniqueOrThrow({ where: { code: codes[3] } })).toMatchObject({ humanClicks: 0, botClicks: 0 });
  });

  it('keeps the referrer host and anonymises IPv6 to /48', async () => {
    await tap(t, codes[4], { ip: '2001:4860:4860::8888', referrer: 'https://Forum.Example.org/thread/1?page=2' });
    const [click] = await clicksOf(codes[4], 1);
    expect(click).toMatchObject({ ip: '2001:4860:4860::', referrerHost: 'forum.example.org' });
    // DB-IP places Google's IPv6 resolver by its own data (CA at the time of writing): any country, but one.
    expect(click.country).toMatch(/^[A-Z]{2}$/);
  });

  it('answers an unknown code with the 404 page, then 429 past the per-IP limit, without slowing real links', async () => {
    const ip = '203.0.113.9';
    for (let i = 0; i < 5; i++) {
      const response = await tap(t, `Zz${i}xxxxx`, { ip });
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.body).toContain('Link not found');
    }
    const limited = await tap(t, 'ZzZzZzZz', { ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await tap(t, 'ZzZzZzZz', { ip: '203.0.113.10' })).status).toBe(404);
    expect((await tap(t, codes[5], { ip })).status).toBe(302);
    expect((await tap(t, 'not-a-code!', { ip: '203.0.113.11' })).status).toBe(404);
  });

  it('reports redirects, stored clicks and the click stream backlog in /metrics', async () => {
    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^smslinks_redirects_total\{status="302",source="link"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^smslinks_redirects_total\{status="404",source="link"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^smslinks_clicks_persisted_total\{class="human"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^smslinks_clicks_persisted_total\{class="preview"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^smslinks_click_stream_events\{state="backlog"\} \d+$/m);
  });

  it('serves robots.txt that keeps crawlers off the short links', async () => {
    const response = await fetch(`${t.baseUrl}/robots.txt`);
    expect(await response.text()).toBe('User-agent: *\nDisallow: /\n');
  });

  it('answers 410 for an expired link, records the tap, and uses the campaign fallback when there is one', async () => {
    const code = codes[6];
    await t.prisma.link.update({ where: { code }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await t.app.get(LinkCache).invalidate(code);
    const expired = await tap(t, code);
    expect(expired.status).toBe(410);
    expect(expired.body).toContain('expired');
    const [click] = await clicksOf(code, 1);
    expect(click.outcome).toBe('expired');

    await t.prisma.campaign.update({ where: { id: campaignId }, data: { fallbackUrl: 'https://shop.example.com/' } });
    await t.app.get(LinkCache).invalidate(code);
    await t.app.get(LinkCache).forgetCampaign(campaignId);
    const fallback = await tap(t, code);
    expect(fallback.status).toBe(302);
    expect(fallback.headers.location).toBe('https://shop.example.com/');
  });

  it('disables and enables a link through the API', async () => {
    const code = codes[7];
    const disabled = await postJson(t, auth, `/v1/links/${code}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.status).toBe('disabled');
    expect((await tap(t, code)).status).toBe(404);
    const [click] = await clicksOf(code, 1);
    expect(click.outcome).toBe('disabled');
    expect((await postJson(t, auth, `/v1/links/${code}/enable`)).body.status).toBe('active');
    expect((await tap(t, code)).status).toBe(302);
  });

  it('GET /v1/links/{code}: the link, its message, counts and latest clicks; 404 for another account', async () => {
    const { status, body } = await getJson(t, auth, `/v1/links/${codes[1]}?clicks=3`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      code: codes[1],
      shortUrl: `${t.config.SHORT_LINK_BASE_URL}/${codes[1]}`,
      destination: DESTINATION,
      status: 'active',
      campaign: { id: campaignId, name: 'Spring sale' },
      message: { id: messageIds[1], phone: phone(1), variant: 'A', segment: 'vip', status: 'delivered', humanClicks: 2, botClicks: 8 },
      counts: { human: 2, bot: 8, preview: 4, scanner: 4, qrScans: 0 },
    });
    expect(body.redirectUrl).toContain('utm_campaign=spring-sale');
    expect(body.clicks).toHaveLength(3);
    expect(body.clicks[0].browser).toBe('Samsung Internet');

    const other = await t.createAccount('Other');
    expect((await getJson(t, other.auth, `/v1/links/${codes[1]}`)).status).toBe(404);
    expect((await getJson(t, auth, '/v1/links/ZzZzZzZz')).status).toBe(404);
    expect((await getJson(t, auth, `/v1/links/${codes[1]}?clicks=-1`)).body.message).toMatch(/^clicks: /);
  });

  it('GET /v1/links/{code}/qr renders SVG and PNG of the short link with the scan marker', async () => {
    const svg = await fetch(`${t.baseUrl}/v1/links/${codes[0]}/qr?format=svg`, { headers: auth });
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(await svg.text()).toContain('<svg');
    const png = await fetch(`${t.baseUrl}/v1/links/${codes[0]}/qr?format=png&size=128`, { headers: auth });
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const bad = await fetch(`${t.baseUrl}/v1/links/${codes[0]}/qr?format=gif`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toBe('format: must be svg or png');
  });

  it('a redirect-only process (APP_ROLE=redirect) answers short links and nothing else; its clicks survive it', async () => {
    const config = t.config;
    const redirectOnly = await createHttpApp(
      loadConfig({
        APP_ROLE: 'redirect',
        DATABASE_URL: config.DATABASE_URL,
        REDIS_URL: config.REDIS_URL,
        QUEUE_PREFIX: config.QUEUE_PREFIX,
        LOG_LEVEL: 'error',
      }),
    );
    await redirectOnly.listen({ port: 0, host: '127.0.0.1' });
    const address = redirectOnly.getHttpServer().address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    let closed = false;
    try {
      const before = await t.prisma.click.count({ where: { code: codes[0] } });
      const response = await fetch(`${base}/${codes[0]}`, { redirect: 'manual', headers: { 'user-agent': USER_AGENTS.androidChrome } });
      expect(response.status).toBe(302);
      expect((await fetch(`${base}/v1/links/${codes[0]}`, { headers: auth })).status).toBe(404);
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
      // The process that answered goes away at once; the main app's consumer still stores its click.
      await redirectOnly.close();
      closed = true;
      await eventually(async () => (await t.prisma.click.count({ where: { code: codes[0] } })) === before + 1);
    } finally {
      if (!closed) await redirectOnly.close();
    }
  });
});
