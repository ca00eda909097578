import { holdoutLiftOf } from '../../src/modules/analytics/metrics/holdout-lift.js';
import { getJson, launchAndWait, postJson, tap } from '../utils/campaigns.js';
import { createTestApp, eventually, TestApp } from '../utils/test-app.js';

/**
 * Acting on click data, end to end through the sandbox: a first campaign is
 * clicked and partly converted; an engagement segment "clicked but did not
 * convert within 1 hour" is previewed and targeted by a second campaign,
 * which must reach exactly those recipients; a campaign with a 10% holdout
 * sends nothing to the held-out recipients and reports their conversions as
 * the baseline of its lift; the attribution window decides what counts.
 */
const SENDER = '+15005550006';
const phone = (n: number) => `+1415777${String(n).padStart(4, '0')}`;
const HOUR = 3_600_000;

describe('engagement audiences, holdouts and attribution (e2e)', () => {
  let t: TestApp;
  let auth: { authorization: string };
  let accountId: string;
  let first: Awaited<ReturnType<typeof launchAndWait>>;
  /** The first campaign's message of recipient i. */
  const messageOf = (i: number) => first.messages.find((m) => m.phone === phone(i))!;
  /** When recipient i first clicked (in the first campaign): three hours ago, as far as the rules can tell. */
  let clickedAt: Date;

  beforeAll(async () => {
    t = await createTestApp('audiences');
    ({ auth, accountId } = await t.createAccount('Audiences'));
    await t.prisma.recipient.createMany({
      data: Array.from({ length: 20 }, (_, i) => ({ accountId, phone: phone(i), externalId: `crm-${i}`, segments: i % 5 === 0 ? ['all', 'vip'] : ['all'] })),
    });
    first = await launchAndWait(t, auth, {
      name: 'Spring sale',
      from: SENDER,
      segments: ['all'],
      variants: [
        { key: 'A', body: 'Spring sale https://shop.example.com/spring' },
        { key: 'B', body: 'Spring is here: https://shop.example.com/spring' },
      ],
    });
    // Recipients 0-9 click (humans); 10-19 do not.
    for (let i = 0; i < 10; i++) expect((await tap(t, messageOf(i).links[0].code)).status).toBe(302);
    await eventually(async () => (await t.prisma.message.count({ where: { campaignId: first.id, humanClicks: { gt: 0 } } })) === 10);
    // Travel back: the campaign went out 3 h 5 min ago and the clicks came 3 h ago, so a 1-hour window has closed for all of them.
    clickedAt = new Date(Date.now() - 3 * HOUR);
    await t.prisma.message.updateMany({
      where: { campaignId: first.id },
      data: { acceptedAt: new Date(clickedAt.getTime() - 5 * 60_000), deliveredAt: new Date(clickedAt.getTime() - 4 * 60_000) },
    });
    await t.prisma.message.updateMany({ where: { campaignId: first.id, humanClicks: { gt: 0 } }, data: { firstHumanClickAt: clickedAt } });
    // 0-2 bought within half an hour of their click; 3 bought, but two hours after it.
    for (const [i, afterMs] of [[0, 30 * 60_000], [1, 10 * 60_000], [2, 59 * 60_000], [3, 2 * HOUR]] as const) {
      const response = await postJson(t, auth, '/v1/conversions', {
        code: messageOf(i).links[0].code, name: 'purchase', value: 20, occurredAt: new Date(clickedAt.getTime() + afterMs).toISOString(),
      });
      expect(response.status).toBe(201);
    }
  }, 120_000);
  afterAll(() => t.close());

  const defineSegment = (key: string, rule: unknown) => postJson(t, auth, '/v1/segments', { key, rule });
  const preview = async (key: string) => {
    const response = await getJson(t, auth, `/v1/segments/${encodeURIComponent(key)}/preview?sample=50`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const phonesOf = (sample: { phone: string }[]) => sample.map((row) => row.phone).sort();
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => phone(from + k));

  describe('segments', () => {
    it('retargets "clicked but did not convert within 1 hour": the preview and the second campaign reach exactly those recipients', async () => {
      const defined = await defineSegment('spring-clicked-no-buy', { clicked: { campaignId: first.id, withoutConversionWithinHours: 1 } });
      expect(defined.status).toBe(201);
      expect(defined.body).toMatchObject({ key: 'spring-clicked-no-buy', rule: { clicked: { campaignId: first.id, withoutConversionWithinHours: 1 } } });

      const expected = range(3, 10); // 3 converted, but after the hour
      const seen = await preview('spring-clicked-no-buy');
      expect(seen).toMatchObject({ kind: 'rule', size: expected.length });
      expect(phonesOf(seen.sample)).toEqual(expected);

      const second = await launchAndWait(t, auth, {
        name: 'Still thinking?',
        from: SENDER,
        segments: ['spring-clicked-no-buy'],
        variants: [{ key: 'A', body: 'Still thinking? 10% off: https://shop.example.com/spring' }],
      });
      expect(second.messages.map((m) => m.phone)).toEqual(expected);
      expect(new Set(second.messages.map((m) => m.segment))).toEqual(new Set(['spring-clicked-no-buy']));
      const sentTo = t.sandbox.messages().filter((sms) => sms.body.startsWith('Still thinking?')).map((sms) => sms.to).sort();
      expect(sentTo).toEqual(expected);

      // Stats keep reporting by the segment the message was targeted through.
      const stats = await getJson(t, auth, `/v1/campaigns/${second.id}/stats?groupBy=segment`);
      expect(stats.body.groups).toEqual([expect.objectContaining({ segment: 'spring-clicked-no-buy', recipients: 7, delivered: 7 })]);
    }, 90_000);

    it('evaluates every kind of condition and their combinations', async () => {
      const clickersInA = (await t.prisma.message.findMany({ where: { campaignId: first.id, variant: 'A', humanClicks: { gt: 0 } }, orderBy: { phone: 'asc' } })).map((m) => m.phone);
      const cases: [unknown, string[]][] = [
        [{ clicked: { campaignId: first.id } }, range(0, 10)],
        [{ clicked: { campaignId: first.id, variant: 'A' } }, clickersInA],
        [{ deliveredNotClicked: { campaignId: first.id } }, range(10, 20)],
        [{ converted: { campaignId: first.id } }, range(0, 4)],
        [{ converted: { since: new Date(clickedAt.getTime() + HOUR).toISOString() } }, [phone(3)]],
        [{ optedInSince: '2000-01-01T00:00:00Z' }, range(0, 20)],
        [{ optedInSince: new Date(Date.now() + HOUR).toISOString() }, []],
        [{ and: [{ clicked: { campaignId: first.id } }, { not: { label: 'vip' } }] }, range(0, 10).filter((_, i) => i % 5 !== 0)],
        [{ or: [{ converted: { campaignId: first.id } }, { label: 'vip' }] }, [0, 1, 2, 3, 5, 10, 15].map(phone).sort()],
      ];
      for (const [index, [rule, expected]] of cases.entries()) {
        expect((await defineSegment(`case-${index}`, rule)).status).toBe(201);
        const seen = await preview(`case-${index}`);
        expect({ rule, phones: phonesOf(seen.sample), size: seen.size }).toEqual({ rule, phones: expected, size: expected.length });
      }
    });

    it('previews a key no segment has as the label of that name', async () => {
      const seen = await preview('vip');
      expect(seen).toMatchObject({ kind: 'label', size: 4 });
      expect(phonesOf(seen.sample)).toEqual([0, 5, 10, 15].map(phone).sort());
    });

    it('refuses bad rules naming the exact place, duplicate keys with 409, and hides them from other accounts', async () => {
      const bad = async (rule: unknown, field: string, problem: RegExp) => {
        const response = await defineSegment('bad', rule);
        expect(response.status).toBe(400);
        expect(response.body.message).toMatch(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}: `));
        expect(response.body.message).toMatch(problem);
      };
      await bad({ and: [{ clicked: { campaignId: 'nope' } }] }, 'rule.and[0].clicked.campaignId', /UUID/);
      await bad({ clicked: { campaignId: '0193a2b4-0000-7000-8000-000000000001' } }, 'rule.clicked.campaignId', /no campaign/);
      await bad({ clicked: { campaignId: first.id, variant: 'Z' } }, 'rule.clicked.variant', /has no variant Z/);
      await bad({ clicked: { campaignId: first.id, withoutConversionWithinHours: 0 } }, 'rule.clicked.withoutConversionWithinHours', /above 0/);
      await bad({ label: 'vip', not: { label: 'x' } }, 'rule', /exactly one of/);
      await bad({ or: [] }, 'rule.or', /non-empty/);
      await bad({ optedInSince: 'yesterday' }, 'rule.optedInSince', /date-time/);
      await bad({ converted: { campaign: first.id } }, 'rule.converted.campaign', /not a known field/);
      expect((await postJson(t, auth, '/v1/segments', { key: 'no rule' })).status).toBe(400);

      expect((await defineSegment('dup', { label: 'vip' })).status).toBe(201);
      const again = await defineSegment('dup', { label: 'vip' });
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(/^key: /);

      const other = await t.createAccount('Other');
      expect((await getJson(t, other.auth, '/v1/segments/dup')).status).toBe(404);
      expect((await getJson(t, auth, '/v1/segments/dup')).status).toBe(200);
      // Another account's campaign cannot be named in a rule either.
      const foreign = await postJson(t, other.auth, '/v1/segments', { key: 'x', rule: { clicked: { campaignId: first.id } } });
      expect(foreign.status).toBe(400);
    });

    it('replaces, lists and deletes segments', async () => {
      expect((await defineSegment('temp', { label: 'vip' })).status).toBe(201);
      const replaced = await fetch(`${t.baseUrl}/v1/segments/temp`, {
        method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Not VIP', rule: { not: { label: 'vip' } } }),
      });
      expect(replaced.status).toBe(200);
      expect((await preview('temp')).size).toBe(16);
      const listed = await getJson(t, auth, '/v1/segments');
      expect(listed.body.map((s: { key: string }) => s.key)).toContain('temp');
      expect((await fetch(`${t.baseUrl}/v1/segments/temp`, { method: 'DELETE', headers: auth })).status).toBe(204);
      expect((await getJson(t, auth, '/v1/segments/temp')).status).toBe(404);
    });
  });

  describe('holdout and attribution window', () => {
    const holdoutPhone = (n: number) => `+1415888${String(n).padStart(4, '0')}`;
    let campaignId: string;
    let heldOut: { phone: string; recipientId: string }[];
    let treated: Awaited<ReturnType<typeof launchAndWait>>['messages'];

    beforeAll(async () => {
      await t.prisma.recipient.createMany({
        data: Array.from({ length: 200 }, (_, i) => ({ accountId, phone: holdoutPhone(i), externalId: `h-${i}`, segments: ['holdout-test'] })),
      });
      const launched = await launchAndWait(t, auth, {
        name: 'Winter',
        from: SENDER,
        segments: ['holdout-test'],
        variants: [{ key: 'A', body: 'Winter is coming https://shop.example.com/winter' }],
        holdoutPercent: 10,
        attributionWindowHours: 24,
      });
      campaignId = launched.id;
      treated = launched.messages;
      heldOut = await t.prisma.holdoutMember.findMany({ where: { campaignId }, select: { phone: true, recipientId: true }, orderBy: { phone: 'asc' } });
    }, 90_000);

    it('holds out about 10% at launch, records them, and sends them nothing', async () => {
      expect(heldOut.length).toBeGreaterThan(5);
      expect(heldOut.length).toBeLessThan(40);
      expect(heldOut.length + treated.length).toBe(200);
      const campaign = await getJson(t, auth, `/v1/campaigns/${campaignId}`);
      expect(campaign.body).toMatchObject({ holdoutPercent: 10, holdoutCount: heldOut.length, attributionWindowHours: 24, recipientCount: treated.length });
      const held = new Set(heldOut.map((h) => h.phone));
      expect(treated.some((m) => held.has(m.phone))).toBe(false);
      expect(t.sandbox.messages().some((sms) => held.has(sms.to))).toBe(false);
    });

    it('attributes conversions by recipient to the holdout or the message, and reports the lift', async () => {
      // Two held-out recipients buy (by phone, by externalId), and five who got the message (one of them twice).
      const byPhone = await postJson(t, auth, '/v1/conversions', { phone: heldOut[0].phone, name: 'purchase', value: 10 });
      expect(byPhone.status).toBe(201);
      expect(byPhone.body).toMatchObject({ campaignId, messageId: null, holdout: true, attributed: true, matchedBy: 'phone', recipientId: heldOut[0].recipientId });
      const external = (await t.prisma.recipient.findUniqueOrThrow({ where: { id: heldOut[1].recipientId } })).externalId;
      expect((await postJson(t, auth, '/v1/conversions', { externalId: external, name: 'purchase', value: 30 })).body).toMatchObject({ holdout: true, matchedBy: 'externalId' });
      for (const [k, message] of treated.slice(0, 5).entries()) {
        const response = await postJson(t, auth, '/v1/conversions', { phone: message.phone, name: 'purchase', value: 50 });
        expect(response.body).toMatchObject({ campaignId, messageId: message.id, holdout: false, attributed: true });
        if (k === 0) expect((await postJson(t, auth, '/v1/conversions', { phone: message.phone, name: 'upsell', value: 5 })).status).toBe(201);
      }

      const stats = (await getJson(t, auth, `/v1/campaigns/${campaignId}/stats`)).body;
      expect(stats.attribution).toEqual({ windowHours: 24, unattributedConversions: 0 });
      expect(stats.campaign).toMatchObject({ conversions: 6, revenue: 255 });
      const expected = holdoutLiftOf(
        { recipients: heldOut.length, converters: 2, revenueTenThousandths: 400_000 },
        [{ variant: 'A', recipients: treated.length, converters: 5, revenueTenThousandths: 2_550_000 }],
      );
      expect(stats.holdout).toEqual({ percent: 10, ...expected });
      expect(stats.holdout.variants[0]).toMatchObject({ converters: 5, revenue: 255, significant: expected.variants[0].significant });
    });

    it('answers a retried conversion by recipient as a duplicate, even after its window has moved on', async () => {
      const body = { phone: heldOut[2].phone, name: 'purchase', value: 12, idempotencyKey: 'order-h2' };
      const stored = await postJson(t, auth, '/v1/conversions', body);
      expect(stored.status).toBe(201);
      expect(stored.body).toMatchObject({ holdout: true, attributed: true });
      // The holdout draw "happened" two days ago: the window has closed, yet the retry is still the same request.
      await t.prisma.holdoutMember.updateMany({ where: { campaignId }, data: { heldOutAt: new Date(Date.now() - 48 * HOUR) } });
      try {
        const retried = await postJson(t, auth, '/v1/conversions', body);
        expect(retried.status).toBe(200);
        expect(retried.body).toMatchObject({ id: stored.body.id, duplicate: true, holdout: true, attributed: true });
        expect((await postJson(t, auth, '/v1/conversions', { ...body, value: 13 })).status).toBe(409);
        expect((await postJson(t, auth, '/v1/conversions', { ...body, phone: heldOut[3].phone })).status).toBe(409);
      } finally {
        await t.prisma.holdoutMember.updateMany({ where: { campaignId }, data: { heldOutAt: new Date() } });
      }
    });

    it('stores a conversion outside the attribution window without counting it', async () => {
      const late = treated[10];
      // The message went out 25 hours ago: its 24-hour window has closed.
      await t.prisma.message.update({ where: { id: late.id }, data: { acceptedAt: new Date(Date.now() - 25 * HOUR) } });
      const before = (await getJson(t, auth, `/v1/campaigns/${campaignId}/stats`)).body.campaign;
      const byCode = await postJson(t, auth, '/v1/conversions', { code: late.links[0].code, name: 'purchase', value: 99 });
      expect(byCode.status).toBe(201);
      expect(byCode.body).toMatchObject({ campaignId, messageId: late.id, attributed: false });
      // By phone, the closed window matches nothing at all.
      const byPhone = await postJson(t, auth, '/v1/conversions', { phone: late.phone, name: 'purchase', value: 99 });
      expect(byPhone.body).toMatchObject({ campaignId: null, messageId: null, attributed: false, recipientId: late.recipientId });

      const stats = (await getJson(t, auth, `/v1/campaigns/${campaignId}/stats`)).body;
      expect(stats.attribution).toEqual({ windowHours: 24, unattributedConversions: 1 });
      expect(stats.campaign.conversions).toBe(before.conversions);
      expect(stats.campaign.revenue).toBe(before.revenue);
      expect(await t.prisma.conversion.count({ where: { accountId, attributed: false } })).toBe(2);
    });

    it('refuses a recipient it does not know, and mixed or missing identities, by field', async () => {
      expect((await postJson(t, auth, '/v1/conversions', { phone: '+14155550000', name: 'purchase' })).status).toBe(404);
      const both = await postJson(t, auth, '/v1/conversions', { phone: heldOut[0].phone, code: treated[0].links[0].code, name: 'purchase' });
      expect(both.status).toBe(400);
      expect(both.body.message).toMatch(/^phone: /);
      const none = await postJson(t, auth, '/v1/conversions', { name: 'purchase' });
      expect(none.status).toBe(400);
      expect(none.body.message).toMatch(/^code: one of code, messageId, phone or externalId/);
      const badPhone = await postJson(t, auth, '/v1/conversions', { phone: 'not a phone', name: 'purchase' });
      expect(badPhone.status).toBe(400);
      expect(badPhone.body.message).toMatch(/^phone: /);
    });

    it('rejects an out-of-range holdout or window when the campaign is created', async () => {
      const base = { name: 'x', from: SENDER, segments: ['all'], variants: [{ key: 'A', body: 'hi' }] };
      for (const [field, value] of [['holdoutPercent', 60], ['holdoutPercent', 1.234], ['attributionWindowHours', 0], ['attributionWindowHours', 2.5]] as const) {
        const response = await postJson(t, auth, '/v1/campaigns', { ...base, [field]: value });
        expect(response.status).toBe(400);
        expect(response.body.message).toContain(field);
      }
    });
  });
});
