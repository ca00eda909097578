import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveClickHub } from '../../src/modules/live-feed/live-click.hub.js';
import { getJson, launchAndWait, postJson, tap, USER_AGENTS } from '../utils/campaigns.js';
import { openSse } from '../utils/sse.js';
import { createTestApp, eventually, TestApp } from '../utils/test-app.js';

/**
 * What the dashboard adds to the API, over a real launch: the campaign list,
 * the time-to-click histogram, the live click feed (server-sent events fed by
 * the ingest worker through Redis pub/sub) and the dashboard's files.
 */
const SENDER = '+15005550006';

describe('dashboard API (e2e)', () => {
  let t: TestApp;
  let auth: { authorization: string };
  let other: { authorization: string };
  let campaignId: string;
  let messages: Awaited<ReturnType<typeof launchAndWait>>['messages'];
  const dashboardDir = mkdtempSync(join(tmpdir(), 'dashboard-api-'));

  beforeAll(async () => {
    execFileSync(process.execPath, ['dashboard/build.mjs', dashboardDir], { stdio: 'ignore' });
    t = await createTestApp('dashboardapi', { DASHBOARD_DIR: dashboardDir });
    const account = await t.createAccount('Dashboard API');
    auth = account.auth;
    other = (await t.createAccount('Other')).auth;
    await t.prisma.recipient.createMany({ data: Array.from({ length: 4 }, (_, i) => ({ accountId: account.accountId, phone: `+1415777000${i}`, segments: ['vip'] })) });
    ({ id: campaignId, messages } = await launchAndWait(t, auth, {
      name: 'Live one', from: SENDER, segments: ['vip'],
      variants: [{ key: 'A', body: 'Go https://shop.example.com/a' }, { key: 'B', body: 'Now https://shop.example.com/b' }],
    }));
  }, 90_000);
  afterAll(async () => {
    await t.close();
    rmSync(dashboardDir, { recursive: true, force: true });
  });

  it('lists the account\'s campaigns newest first, drafts included, with a cursor and a status filter', async () => {
    const draft = await postJson(t, auth, '/v1/campaigns', { name: 'Draft one', from: SENDER, segments: ['vip'], variants: [{ key: 'A', body: 'Hi' }] });
    expect(draft.status).toBe(201);
    const first = await getJson(t, auth, '/v1/campaigns?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.data.map((c: { name: string }) => c.name)).toEqual(['Draft one']);
    expect(first.body.data[0]).toMatchObject({ status: 'draft', variants: ['A'], segments: ['vip'], launchedAt: null });
    const second = await getJson(t, auth, `/v1/campaigns?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ data: [{ id: campaignId, name: 'Live one' }], nextCursor: null });
    expect((await getJson(t, auth, '/v1/campaigns?status=draft')).body.data.map((c: { name: string }) => c.name)).toEqual(['Draft one']);
    expect((await getJson(t, other, '/v1/campaigns')).body.data).toEqual([]);
    const bad = await getJson(t, auth, '/v1/campaigns?status=paused');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^status: must be one of draft/);
  });

  it('streams each stored click live, once, with class, device and a masked code; another account gets a 404', async () => {
    expect((await getJson(t, other, `/v1/campaigns/${campaignId}/clicks/live`)).status).toBe(404);
    const feed = await openSse(`${t.baseUrl}/v1/campaigns/${campaignId}/clicks/live`, auth);
    try {
      expect(feed.status).toBe(200);
      expect(feed.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      await feed.next((e) => e.event === 'ready');
      const message = messages[0];
      const code = message.links[0].code;
      expect((await tap(t, code, { userAgent: USER_AGENTS.iphoneSafari })).status).toBe(302);
      expect((await tap(t, code, { userAgent: USER_AGENTS.whatsApp })).status).toBe(302);
      const human = JSON.parse((await feed.next((e) => e.event === 'click' && JSON.parse(e.data).clickClass === 'human')).data);
      const bot = JSON.parse((await feed.next((e) => e.event === 'click' && JSON.parse(e.data).clickClass !== 'human')).data);
      expect(human).toMatchObject({ source: 'link', deviceType: 'mobile', os: 'iOS', variant: message.variant, code: `${code.slice(0, 3)}*****` });
      expect(bot).toMatchObject({ clickClass: 'preview', variant: message.variant });
      const stored = await t.prisma.click.findMany({ where: { campaignId }, select: { id: true } });
      expect(stored.map((c) => c.id).sort()).toEqual([human.id, bot.id].sort());
      expect(JSON.stringify(feed.events)).not.toContain(code);
      expect(feed.events.filter((e) => e.event === 'click')).toHaveLength(2);
      expect(t.app.get(LiveClickHub).size).toBe(1);
    } finally {
      feed.close();
    }
    // The client went away: the server drops its listener (and the campaign's subscription with the last one).
    await eventually(async () => t.app.get(LiveClickHub).size === 0);
  });

  it('buckets clicked messages by time to click, per variant, matching the stats population', async () => {
    const response = await getJson(t, auth, `/v1/campaigns/${campaignId}/time-to-click?buckets=60,3600`);
    expect(response.status).toBe(200);
    const stats = (await getJson(t, auth, `/v1/campaigns/${campaignId}/stats`)).body;
    expect(response.body.boundsSeconds).toEqual([60, 3600]);
    expect(response.body.buckets.map((b: { label: string }) => b.label)).toEqual(['< 1 min', '1 min – 1 h', '≥ 1 h']);
    expect(response.body.messages).toBe(stats.campaign.uniqueClicks);
    expect(response.body.buckets[0].messages).toBe(1);
    expect(Object.keys(response.body.buckets[0].byVariant)).toEqual(['A', 'B']);
    expect((await getJson(t, auth, `/v1/campaigns/${campaignId}/time-to-click`)).body.buckets).toHaveLength(11);
    const bad = await getJson(t, auth, `/v1/campaigns/${campaignId}/time-to-click?buckets=60,30`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/ascending/);
    expect((await getJson(t, other, `/v1/campaigns/${campaignId}/time-to-click`)).status).toBe(404);
  });

  it('serves the dashboard with long-cached hashed assets, compressed, and leaves short links alone', async () => {
    const redirect = await fetch(`${t.baseUrl}/dashboard`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/dashboard/');
    const page = await fetch(`${t.baseUrl}/dashboard/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const script = /src="(assets\/app-[A-Z0-9]{8}\.js)"/.exec(html)![1];
    const asset = await fetch(`${t.baseUrl}/dashboard/${script}`, { headers: { 'accept-encoding': 'br' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('br');
    const etag = asset.headers.get('etag')!;
    expect((await fetch(`${t.baseUrl}/dashboard/${script}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${t.baseUrl}/dashboard/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/dashboard/../package.json`)).status).toBe(404);
    expect((await tap(t, messages[1].links[0].code)).status).toBe(302);
  });
});
