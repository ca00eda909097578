import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { MessageStatus } from '../../src/generated/prisma/enums.js';
import { getJson, postJson } from '../utils/campaigns.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

/**
 * metrics.md to the last message: a campaign written straight into the
 * database, message by message, with every edge case the definitions name,
 * and every number of /stats computed by hand below.
 */
const T0 = Date.parse('2026-03-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

interface Fixture {
  variant: string;
  segment: string;
  status: MessageStatus;
  /** Seconds after T0; undefined: no such timestamp. */
  accepted?: number;
  delivered?: number;
  firstClick?: number;
  humanClicks?: number;
  botClicks?: number;
  optedOut?: boolean;
}

const FIXTURES: Record<string, Fixture> = {
  // A x vip
  clickedAfterReceipt: { variant: 'A', segment: 'vip', status: 'delivered', accepted: 0, delivered: 10, firstClick: 70, humanClicks: 1 }, // ttc 60
  repeatedClicks: { variant: 'A', segment: 'vip', status: 'delivered', accepted: 0, delivered: 10, firstClick: 130, humanClicks: 3 }, // ttc 120
  clickBeforeAnyReceipt: { variant: 'A', segment: 'vip', status: 'sent', accepted: 0, firstClick: 50, humanClicks: 1 }, // ttc 50 from acceptance
  clickOnUndelivered: { variant: 'A', segment: 'vip', status: 'undelivered', accepted: 0, firstClick: 300, humanClicks: 1 }, // ttc 300 from acceptance
  botsOnly: { variant: 'A', segment: 'vip', status: 'delivered', accepted: 0, delivered: 10, botClicks: 2 },
  optedOutWithoutClick: { variant: 'A', segment: 'vip', status: 'delivered', accepted: 0, delivered: 20, optedOut: true },
  failed: { variant: 'A', segment: 'vip', status: 'failed', accepted: 0 },
  suppressed: { variant: 'A', segment: 'vip', status: 'suppressed' },
  // A x new
  receiptAfterClick: { variant: 'A', segment: 'new', status: 'delivered', accepted: 0, delivered: 40, firstClick: 30, humanClicks: 1, optedOut: true }, // ttc 30: receipt later than click
  tieOne: { variant: 'A', segment: 'new', status: 'delivered', accepted: 0, delivered: 10, firstClick: 40, humanClicks: 1 }, // ttc 30
  tieTwo: { variant: 'A', segment: 'new', status: 'delivered', accepted: 0, delivered: 10, firstClick: 70, humanClicks: 2 }, // ttc 60
  notClicked: { variant: 'A', segment: 'new', status: 'delivered', accepted: 0, delivered: 10 },
  // B x vip: bots only
  bSeenByBots: { variant: 'B', segment: 'vip', status: 'delivered', accepted: 0, delivered: 5, botClicks: 5 },
  bNotClicked: { variant: 'B', segment: 'vip', status: 'delivered', accepted: 0, delivered: 5 },
  // B x new: nothing delivered
  bQueued: { variant: 'B', segment: 'new', status: 'queued' },
  bFailed: { variant: 'B', segment: 'new', status: 'failed', accepted: 0 },
  // C and segment "old" have no message at all.
};

describe('analytics: metrics.md exactness on a hand-built campaign (e2e)', () => {
  let t: TestApp;
  let auth: { authorization: string };
  let campaignId: string;
  const messageIds: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp('analyticsexact');
    let accountId: string;
    ({ auth, accountId } = await t.createAccount('Exact'));
    const campaign = await t.prisma.campaign.create({
      data: {
        accountId, name: 'Exact', slug: 'exact', sender: '+15005550006', segments: ['vip', 'new', 'old'], status: 'sending', launchedAt: at(-60),
        variants: { create: ['A', 'B', 'C'].map((key, position) => ({ key, body: `Offer ${key} https://shop.example.com/${key}`, position })) },
      },
    });
    campaignId = campaign.id;
    let n = 0;
    for (const [name, f] of Object.entries(FIXTURES)) {
      const phone = `+1415888${String(n++).padStart(4, '0')}`;
      const recipient = await t.prisma.recipient.create({ data: { accountId, phone, segments: [f.segment] } });
      const id = uuidv7();
      messageIds[name] = id;
      await t.prisma.message.create({
        data: {
          id, accountId, campaignId, recipientId: recipient.id, phone, sender: '+15005550006', variant: f.variant, segment: f.segment, body: 'x', smsSegments: 1,
          status: f.status,
          suppressionReason: f.status === 'suppressed' ? 'opted_out' : null,
          providerSid: f.accepted === undefined ? null : `SM${randomUUID().replace(/-/g, '')}`,
          acceptedAt: f.accepted === undefined ? null : at(f.accepted),
          deliveredAt: f.delivered === undefined ? null : at(f.delivered),
          firstHumanClickAt: f.firstClick === undefined ? null : at(f.firstClick),
          humanClicks: f.humanClicks ?? 0,
          botClicks: f.botClicks ?? 0,
          optedOutAt: f.optedOut ? at(500) : null,
          links: { create: { code: `ex${n}`, accountId, campaignId, destination: `https://shop.example.com/${f.variant}`, position: 0 } },
        },
      });
    }
    // Conversions through the API: 10.5 + 4.25 on clickers, a value-less signup on a bot-only message, an hour after the
    // messages went out (inside the default 7-day attribution window, which runs from each message's acceptance).
    for (const [name, value] of [['clickedAfterReceipt', 10.5], ['receiptAfterClick', 4.25], ['bSeenByBots', undefined]] as const) {
      const response = await postJson(t, auth, '/v1/conversions', { messageId: messageIds[name], name: value ? 'purchase' : 'signup', value, occurredAt: at(3600).toISOString() });
      expect(response.status).toBe(201);
    }
  }, 60_000);
  afterAll(() => t.close());

  const stats = async (groupBy: string) => {
    const response = await getJson(t, auth, `/v1/campaigns/${campaignId}/stats?groupBy=${groupBy}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  it('computes every campaign metric exactly', async () => {
    const { campaign } = await stats('variant');
    expect(campaign).toEqual({
      recipients: 16,
      suppressed: 1,
      sent: 14, // every message with a provider id: all but the suppressed and the queued one
      failed: 2, // failed (A) + failed (B); the clicked undelivered one is not failed
      delivered: 12, // 10 with status delivered + 2 proven by a click
      clickedWithoutReceipt: 2,
      clicks: 1 + 3 + 1 + 1 + 1 + 1 + 2, // 10: every human click, repeats included
      botClicks: 7,
      uniqueClicks: 7,
      ctr: 7 / 12,
      // seconds: 60, 120, 50, 300, 30, 30, 60 -> sorted 30 30 50 60 60 120 300; median rank 4 -> 60; p90 rank ceil(6.3) = 7 -> 300
      timeToClick: { median: 60, p90: 300 },
      optOuts: 2,
      optOutRate: 2 / 12,
      optOutRateClickers: 1 / 7,
      optOutRateNonClickers: 1 / 5,
      // [[1, 6], [1, 4]]: (1*4 - 6*1) / sqrt(7 * 5 * 2 * 10)
      optOutClickPhi: (1 * 4 - 6 * 1) / Math.sqrt(7 * 5 * 2 * 10),
      conversions: 3,
      revenue: 14.75,
      clickToConversion: 3 / 7,
      revenuePerClick: 14.75 / 10,
      qrScans: 0,
      frequencyCapped: 0,
    });
  });

  it('splits by variant, keeping the variant that reached nobody, with null rates', async () => {
    const { groups } = await stats('variant');
    expect(groups.map((g: { variant: string }) => g.variant)).toEqual(['A', 'B', 'C']);
    const [a, b, c] = groups;
    expect(a).toMatchObject({ recipients: 12, delivered: 10, uniqueClicks: 7, clicks: 10, botClicks: 2, failed: 1, suppressed: 1, ctr: 0.7, timeToClick: { median: 60, p90: 300 } });
    expect(b).toMatchObject({ recipients: 4, delivered: 2, uniqueClicks: 0, clicks: 0, botClicks: 5, ctr: 0, timeToClick: null, conversions: 1, revenue: 0, clickToConversion: null, revenuePerClick: null });
    expect(c).toMatchObject({ recipients: 0, delivered: 0, ctr: null, optOutRate: null, optOutClickPhi: null, timeToClick: null });
  });

  it('takes nearest-rank percentiles with ties per variant x segment', async () => {
    const { groups } = await stats('variant,segment');
    const group = (variant: string, segment: string) => groups.find((g: { variant: string; segment: string }) => g.variant === variant && g.segment === segment);
    expect(groups).toHaveLength(9);
    // A x vip: 60, 120, 50, 300 -> 50 60 120 300: median rank 2 -> 60; p90 rank ceil(3.6) = 4 -> 300
    expect(group('A', 'vip')).toMatchObject({ delivered: 6, uniqueClicks: 4, clickedWithoutReceipt: 2, timeToClick: { median: 60, p90: 300 }, optOuts: 1, optOutRateNonClickers: 1 / 2 });
    // A x new: 30, 30, 60 (the receipt came after the click: timed from acceptance) -> median rank 2 -> 30; p90 rank 3 -> 60
    expect(group('A', 'new')).toMatchObject({ delivered: 4, uniqueClicks: 3, timeToClick: { median: 30, p90: 60 }, optOutRateClickers: 1 / 3, revenue: 4.25 });
    expect(group('B', 'new')).toMatchObject({ recipients: 2, sent: 1, delivered: 0, failed: 1, ctr: null });
    expect(group('A', 'old')).toMatchObject({ recipients: 0, ctr: null });
    expect((await stats('segment,variant')).groups).toEqual(groups);
  });

  it('compares the variants against the control', async () => {
    const { abTest } = await stats('segment');
    expect(abTest).toMatchObject({ control: 'A', leader: 'A', metric: 'ctr' });
    const b = abTest.variants.find((v: { variant: string }) => v.variant === 'B');
    expect(b).toMatchObject({ ctr: 0, delivered: 2, uniqueClicks: 0, wins: false });
    expect(b.ctrDifference).toBeCloseTo(-0.7, 12);
    // pooled p = 7/12; se = sqrt(7/12 * 5/12 * (1/2 + 1/10)); z = -0.7 / se = -1.8330; p = 0.06680
    expect(b.pValue).toBeCloseTo(0.0668, 4);
    expect(abTest.leadSignificant).toBe(false);
  });

  it('refuses a groupBy it does not know, naming the field', async () => {
    const response = await getJson(t, auth, `/v1/campaigns/${campaignId}/stats?groupBy=country`);
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('groupBy: must be one of variant, segment, variant,segment');
  });
});
