import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { StatsRepository } from '../../src/modules/analytics/stats.repository.js';
import type { MetricCell } from '../../src/modules/analytics/metrics/metric-cell.js';
import { SendService } from '../../src/modules/send/send.service.js';
import { getJson, postJson } from '../utils/campaigns.js';
import { createTestApp, eventually, TestApp } from '../utils/test-app.js';

/**
 * Account-wide frequency caps and quiet hours, through the real send path:
 * campaigns created and launched over HTTP, sent by the workers to the sandbox.
 * Every account here is its own: caps count per (account, phone).
 */
const SENDER = '+15005550006';
const OTHER_SENDER = '+15005550007';
const FINAL = ['delivered', 'skipped', 'suppressed', 'failed', 'undelivered', 'cancelled'];

type Auth = { authorization: string };

describe('frequency caps and account quiet hours (e2e)', () => {
  let t: TestApp;
  let phoneSeq = 0;
  const nextPhone = () => `+1415777${String(phoneSeq++).padStart(4, '0')}`;

  beforeAll(async () => {
    t = await createTestApp('frequencycap');
  }, 60_000);
  afterAll(() => t.close());

  async function settings(auth: Auth, method: 'GET' | 'PATCH', body?: unknown) {
    const response = await fetch(`${t.baseUrl}/v1/account/settings`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  async function account(name: string, patch?: object) {
    const created = await t.createAccount(name);
    if (patch) expect((await settings(created.auth, 'PATCH', patch)).status).toBe(200);
    return created;
  }

  async function recipients(accountId: string, segment: string, phones: string[], timezone: string | null = null) {
    for (const phone of phones) {
      await t.prisma.recipient.upsert({
        where: { accountId_phone: { accountId, phone } },
        create: { accountId, phone, segments: [segment], timezone },
        update: { segments: { push: segment } },
      });
    }
  }

  async function launch(auth: Auth, segment: string, extra: object = {}) {
    const created = await postJson(t, auth, '/v1/campaigns', {
      name: `To ${segment}`,
      from: SENDER,
      segments: [segment],
      variants: [{ key: 'A', body: 'Weekend sale https://shop.example.com/sale' }],
      ...extra,
    });
    expect(created.status).toBe(201);
    const launched = await postJson(t, auth, `/v1/campaigns/${created.body.id}/launch`);
    expect(launched.status).toBe(202);
    return created.body.id as string;
  }

  /** Every message of the campaign has a final status, and the campaign says completed. */
  async function settled(auth: Auth, campaignId: string) {
    await eventually(async () => {
      const rows = await t.prisma.message.findMany({ where: { campaignId } });
      return rows.length > 0 && rows.every((m) => FINAL.includes(m.status));
    }, { timeoutMs: 30_000 });
    const view = await eventually(async () => {
      const { body } = await getJson(t, auth, `/v1/campaigns/${campaignId}`);
      return body.status === 'completed' ? body : null;
    }, { timeoutMs: 30_000, intervalMs: 250 });
    const rows = await t.prisma.message.findMany({ where: { campaignId }, orderBy: { phone: 'asc' } });
    return { view: view!, rows };
  }

  const sandboxMessagesTo = (phone: string) => t.sandbox.messages().filter((m) => m.to === phone);

  describe('settings API', () => {
    it('starts at 3 per 24 hours, no 7-day cap, no quiet hours, and patches only what is given', async () => {
      const { auth } = await account('Defaults');
      expect((await settings(auth, 'GET')).body).toEqual({ frequencyCap: { per24Hours: 3, per7Days: null }, quietHours: null });

      const patched = await settings(auth, 'PATCH', { frequencyCap: { per7Days: 10 } });
      expect(patched).toEqual({ status: 200, body: { frequencyCap: { per24Hours: 3, per7Days: 10 }, quietHours: null } });
      const window = await settings(auth, 'PATCH', { quietHours: { start: '08:00', end: '21:00' } });
      expect(window.body).toEqual({ frequencyCap: { per24Hours: 3, per7Days: 10 }, quietHours: { start: '08:00', end: '21:00' } });
      const off = await settings(auth, 'PATCH', { frequencyCap: { per24Hours: null }, quietHours: null });
      expect(off.body).toEqual({ frequencyCap: { per24Hours: null, per7Days: 10 }, quietHours: null });
      expect((await settings(auth, 'GET')).body).toEqual(off.body);

      // Another account's settings are its own.
      const other = await account('Other');
      expect((await settings(other.auth, 'GET')).body.frequencyCap).toEqual({ per24Hours: 3, per7Days: null });
    });

    it.each([
      [{ frequencyCap: { per24Hours: 0 } }, 'frequencyCap.per24Hours'],
      [{ frequencyCap: { per24Hours: 2.5 } }, 'frequencyCap.per24Hours'],
      [{ frequencyCap: { per7Days: '10' } }, 'frequencyCap.per7Days'],
      [{ frequencyCap: { per7Days: 100_000 } }, 'frequencyCap.per7Days'],
      [{ frequencyCap: null }, 'frequencyCap'],
      [{ frequencyCap: { perMonth: 3 } }, 'frequencyCap.perMonth'],
      [{ quietHours: { start: '25:00', end: '21:00' } }, 'quietHours.start'],
      [{ quietHours: { start: '08:00' } }, 'quietHours.end'],
      [{ quietHours: { start: '09:00', end: '09:00' } }, 'quietHours'],
      [{ timezone: 'UTC' }, 'timezone'],
    ])('refuses %j with a 400 naming %s', async (body, field) => {
      const { auth } = await account('Invalid');
      const response = await settings(auth, 'PATCH', body);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(new RegExp(`^${field.replace('.', '\\.')}\\b`));
      expect((await settings(auth, 'GET')).body).toEqual({ frequencyCap: { per24Hours: 3, per7Days: null }, quietHours: null });
    });

    it('needs an API key', async () => {
      const response = await fetch(`${t.baseUrl}/v1/account/settings`);
      expect(response.status).toBe(401);
    });
  });

  describe('caps', () => {
    const sorted = (cells: MetricCell[]) => cells.map((c) => JSON.stringify(c, Object.keys(c).sort())).sort();

    it('skips a recipient at the 24-hour cap with the reason, sends the others, and counts the skip apart', async () => {
      const { auth, accountId } = await account('Capped 24h', { frequencyCap: { per24Hours: 2 } });
      const [capped, fresh] = [nextPhone(), nextPhone()];
      await recipients(accountId, 'first', [capped]);
      await recipients(accountId, 'second', [capped]);
      await recipients(accountId, 'third', [capped, fresh]);

      for (const segment of ['first', 'second']) {
        const { rows } = await settled(auth, await launch(auth, segment));
        expect(rows.map((m) => m.status)).toEqual(['delivered']);
      }
      const third = await launch(auth, 'third');
      const { view, rows } = await settled(auth, third);
      const byPhone = new Map(rows.map((m) => [m.phone, m]));
      expect(byPhone.get(capped)).toMatchObject({ status: 'skipped', suppressionReason: 'frequency_cap_24h', providerSid: null, sendAttempts: 0 });
      expect(byPhone.get(fresh)).toMatchObject({ status: 'delivered' });
      expect(sandboxMessagesTo(capped)).toHaveLength(2);
      expect(sandboxMessagesTo(fresh)).toHaveLength(1);

      expect(view.counts).toEqual({ recipients: 2, suppressed: 0, sent: 1, delivered: 1, failed: 0, frequencyCapped: 1 });
      expect(view.statusCounts).toMatchObject({ skipped: 1, suppressed: 0, delivered: 1, queued: 0, sending: 0 });
      const stats = (await getJson(t, auth, `/v1/campaigns/${third}/stats?groupBy=segment`)).body;
      expect(stats.campaign).toMatchObject({ recipients: 2, suppressed: 0, sent: 1, delivered: 1, failed: 0, frequencyCapped: 1 });
      expect(stats.groups).toEqual([expect.objectContaining({ segment: 'third', frequencyCapped: 1, suppressed: 0 })]);
      const listed = (await getJson(t, auth, `/v1/campaigns/${third}/messages?status=skipped`)).body;
      expect(listed.data).toEqual([expect.objectContaining({ phone: capped, status: 'skipped', suppressionReason: 'frequency_cap_24h' })]);
      const csv = await (await fetch(`${t.baseUrl}/v1/campaigns/${third}/stats/export`, { headers: auth })).text();
      expect(csv.split('\n')[0]).toContain('frequencyCapped');

      // The rollup (triggers keyed by status) and a scan of the messages agree on the new status.
      const repository = t.app.get(StatsRepository);
      expect(sorted(await repository.metricCells(third))).toEqual(sorted(await repository.metricCellsByScan(third)));
      await repository.foldCellDeltas();
      expect(sorted(await repository.metricCells(third))).toEqual(sorted(await repository.metricCellsByScan(third)));

      const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(/smslinks_send_skipped_total\{reason="frequency_cap_24h"\} [1-9]/);
    });

    it('applies the 7-day cap over a rolling window: sends older than 7 days free the phone again', async () => {
      const { auth, accountId } = await account('Capped 7d', { frequencyCap: { per24Hours: 5, per7Days: 2 } });
      const phone = nextPhone();
      for (const segment of ['w1', 'w2', 'w3', 'w4']) await recipients(accountId, segment, [phone]);
      const first = await launch(auth, 'w1');
      await settled(auth, first);
      const second = await launch(auth, 'w2');
      await settled(auth, second);
      // Both went out three days ago as far as the cap is concerned: outside 24 hours, inside 7 days.
      const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
      await t.prisma.message.updateMany({ where: { campaignId: { in: [first, second] } }, data: { sendingAt: daysAgo(3) } });

      const { rows: third } = await settled(auth, await launch(auth, 'w3'));
      expect(third).toEqual([expect.objectContaining({ status: 'skipped', suppressionReason: 'frequency_cap_7d' })]);

      // One of the two now eight days old: a slot is free again.
      await t.prisma.message.updateMany({ where: { campaignId: first }, data: { sendingAt: daysAgo(8) } });
      const { rows: fourth } = await settled(auth, await launch(auth, 'w4'));
      expect(fourth).toEqual([expect.objectContaining({ status: 'delivered' })]);
      expect(sandboxMessagesTo(phone)).toHaveLength(3);
    });

    it('never exceeds the cap when two campaigns send to the same phones at once', async () => {
      const { auth, accountId } = await account('Concurrent', { frequencyCap: { per24Hours: 1 } });
      const phones = Array.from({ length: 12 }, () => nextPhone());
      await recipients(accountId, 'everyone', phones);
      const [a, b] = await Promise.all([
        launch(auth, 'everyone', { name: 'Race A', sendRate: 100 }),
        launch(auth, 'everyone', { name: 'Race B', from: OTHER_SENDER, sendRate: 100 }),
      ]);
      const [ra, rb] = await Promise.all([settled(auth, a), settled(auth, b)]);
      for (const phone of phones) {
        const mine = [...ra.rows, ...rb.rows].filter((m) => m.phone === phone);
        expect(mine.map((m) => m.status).sort()).toEqual(['delivered', 'skipped']);
        expect(sandboxMessagesTo(phone)).toHaveLength(1);
      }
      expect(ra.view.counts.frequencyCapped + rb.view.counts.frequencyCapped).toBe(phones.length);
    });

    it('lets exactly one of two sends to the same phone at the same instant through a cap of 1', async () => {
      // The send path itself, called for both messages of each phone at once (no queue between them).
      const { accountId } = await account('Same instant', { frequencyCap: { per24Hours: 1 } });
      const phones = Array.from({ length: 10 }, () => nextPhone());
      await recipients(accountId, 'pairs', phones);
      const campaigns = await Promise.all(['P', 'Q'].map((name) => t.prisma.campaign.create({
        data: { accountId, name, slug: `pair-${name}`, sender: SENDER, segments: ['pairs'], status: 'sending', sendRate: 1000 },
      })));
      const ids: string[][] = [];
      for (const phone of phones) {
        const recipient = await t.prisma.recipient.findUniqueOrThrow({ where: { accountId_phone: { accountId, phone } } });
        const pair = campaigns.map(() => randomUUID());
        await t.prisma.message.createMany({
          data: campaigns.map((campaign, i) => ({
            id: pair[i], accountId, campaignId: campaign.id, recipientId: recipient.id, phone, sender: SENDER,
            variant: 'A', segment: 'pairs', body: `Pair ${i}`, smsSegments: 1, status: 'queued' as const,
          })),
        });
        ids.push(pair);
      }
      const service = t.app.get(SendService);
      const outcomes = await Promise.all(ids.map((pair) => Promise.all(pair.map((id) => service.send(id, { finalAttempt: false })))));
      for (const pair of outcomes) {
        expect(pair.map((decision) => (decision.kind === 'done' ? decision.outcome : decision.kind)).sort()).toEqual(['frequency_capped', 'sent']);
      }
      for (const phone of phones) expect(sandboxMessagesTo(phone)).toHaveLength(1);
    });

    it('sends everything when the account turns its caps off', async () => {
      const { auth, accountId } = await account('Uncapped', { frequencyCap: { per24Hours: null, per7Days: null } });
      const phone = nextPhone();
      const segments = ['u1', 'u2', 'u3', 'u4'];
      for (const segment of segments) await recipients(accountId, segment, [phone]);
      for (const segment of segments) {
        const { rows } = await settled(auth, await launch(auth, segment));
        expect(rows.map((m) => m.status)).toEqual(['delivered']);
      }
      expect(sandboxMessagesTo(phone)).toHaveLength(4);
    });
  });

  describe('account quiet hours', () => {
    // A French number with no timezone: its country's zone decides.
    const ZONE = 'Europe/Paris';
    const localHour = (hoursAhead: number) => `${String((DateTime.now().setZone(ZONE).hour + hoursAhead) % 24).padStart(2, '0')}:00`;

    it('holds a message until the window opens in the recipient zone, unless the campaign overrides it', async () => {
      // Allowed only from two to three hours from now, Paris time: now is outside.
      const opensAt = localHour(2);
      const { auth, accountId } = await account('Quiet', { quietHours: { start: opensAt, end: localHour(3) } });
      const phone = '+33612345678';
      for (const segment of ['inherit', 'optout', 'own']) await recipients(accountId, segment, [phone]);

      const inherit = await launch(auth, 'inherit');
      const waiting = await eventually(async () => {
        const row = await t.prisma.message.findFirst({ where: { campaignId: inherit } });
        return row?.notBefore ? row : null;
      }).then((row) => row!);
      expect(waiting.status).toBe('queued');
      expect(waiting.sendAttempts).toBe(0);
      const opens = DateTime.fromJSDate(waiting.notBefore!).setZone(ZONE);
      expect(opens.toMillis()).toBeGreaterThan(Date.now());
      expect(opens.toFormat('HH:mm')).toBe(opensAt);
      const inheritView = (await getJson(t, auth, `/v1/campaigns/${inherit}`)).body;
      expect(inheritView).toMatchObject({ status: 'sending', quietHours: null, inheritsAccountQuietHours: true });

      // quietHours: null opts out of the account's window; a campaign's own window replaces it.
      const optout = await launch(auth, 'optout', { quietHours: null });
      expect((await settled(auth, optout)).rows).toEqual([expect.objectContaining({ status: 'delivered', notBefore: null })]);
      expect((await getJson(t, auth, `/v1/campaigns/${optout}`)).body).toMatchObject({ quietHours: null, inheritsAccountQuietHours: false });
      const own = await launch(auth, 'own', { quietHours: { start: localHour(0), end: localHour(2) } });
      expect((await settled(auth, own)).rows).toEqual([expect.objectContaining({ status: 'delivered' })]);

      // The inheriting campaign's message is still waiting, not sent.
      expect(await t.prisma.message.findFirst({ where: { campaignId: inherit } })).toMatchObject({ status: 'queued', providerSid: null });
      expect(sandboxMessagesTo(phone)).toHaveLength(2);
    });
  });
});
