import type { MessageStatus } from '../../../generated/prisma/enums.js';
import { metricsOf } from './campaign-metrics.js';
import type { MetricCell } from './metric-cell.js';

const cell = (status: MessageStatus, counts: Partial<MetricCell> = {}): MetricCell => ({
  variant: 'A',
  segment: 'vip',
  status,
  messages: 0,
  withProviderId: 0,
  clicked: 0,
  humanClicks: 0,
  botClicks: 0,
  qrScans: 0,
  optedOut: 0,
  optedOutClicked: 0,
  conversions: 0,
  revenueTenThousandths: 0,
  ...counts,
});

describe('metricsOf (metrics.md, hand-computed)', () => {
  it('counts a click before the receipt and a click on an undelivered message as delivered, never as failed', () => {
    const m = metricsOf(
      [
        cell('delivered', { messages: 6, withProviderId: 6, clicked: 2, humanClicks: 2 }),
        // clicked while the receipt still said "sent"
        cell('sent', { messages: 3, withProviderId: 3, clicked: 1, humanClicks: 1 }),
        // the carrier said undelivered, yet a person tapped the link
        cell('undelivered', { messages: 4, withProviderId: 4, clicked: 1, humanClicks: 4 }),
        cell('failed', { messages: 2, withProviderId: 1 }),
        cell('suppressed', { messages: 5 }),
      ],
      null,
    );
    expect(m).toMatchObject({
      recipients: 20,
      suppressed: 5,
      sent: 14,
      delivered: 6 + 1 + 1,
      clickedWithoutReceipt: 2,
      failed: 3 + 2,
      clicks: 7,
      uniqueClicks: 4,
      ctr: 4 / 8,
    });
  });

  it('keeps bot clicks apart: a campaign clicked only by bots has no clicks and a ctr of 0', () => {
    const m = metricsOf([cell('delivered', { messages: 10, withProviderId: 10, botClicks: 7 })], null);
    expect(m).toMatchObject({ delivered: 10, clicks: 0, botClicks: 7, uniqueClicks: 0, ctr: 0, clickToConversion: null, revenuePerClick: null });
  });

  it('counts every repeated click in clicks and the message once in uniqueClicks', () => {
    const m = metricsOf([cell('delivered', { messages: 2, withProviderId: 2, clicked: 1, humanClicks: 5 })], null);
    expect(m).toMatchObject({ clicks: 5, uniqueClicks: 1, ctr: 0.5 });
  });

  it('answers null, never 0 or NaN, for every rate of a group with nothing delivered', () => {
    const m = metricsOf([cell('queued', { messages: 3 }), cell('failed', { messages: 2, withProviderId: 2 })], null);
    expect(m).toMatchObject({
      recipients: 5,
      delivered: 0,
      failed: 2,
      ctr: null,
      timeToClick: null,
      optOutRate: null,
      optOutRateClickers: null,
      optOutRateNonClickers: null,
      optOutClickPhi: null,
      clickToConversion: null,
      revenuePerClick: null,
    });
  });

  it('splits opt-outs between clickers and delivered non-clickers, and correlates them (phi)', () => {
    // Delivered 100: 20 clicked (4 of them opted out), 80 not clicked (2 opted out).
    // One more opt-out on a message with no receipt and no click: in optOuts, in neither split.
    const m = metricsOf(
      [
        cell('delivered', { messages: 100, withProviderId: 100, clicked: 20, humanClicks: 25, optedOut: 6, optedOutClicked: 4 }),
        cell('sent', { messages: 10, withProviderId: 10, optedOut: 1 }),
      ],
      null,
    );
    expect(m.optOuts).toBe(7);
    expect(m.optOutRate).toBeCloseTo(7 / 100, 12);
    expect(m.optOutRateClickers).toBeCloseTo(4 / 20, 12);
    expect(m.optOutRateNonClickers).toBeCloseTo(2 / 80, 12);
    // table [[4, 16], [2, 78]]: (4*78 - 16*2) / sqrt(20 * 80 * 6 * 94) = 280 / 949.947 = 0.294753
    expect(m.optOutClickPhi).toBeCloseTo(0.294753, 6);
  });

  it('counts an opt-out of a clicked message that has no receipt among the clickers', () => {
    const m = metricsOf([cell('sent', { messages: 1, withProviderId: 1, clicked: 1, humanClicks: 1, optedOut: 1, optedOutClicked: 1 })], null);
    expect(m).toMatchObject({ delivered: 1, optOuts: 1, optOutRateClickers: 1, optOutRateNonClickers: null, optOutClickPhi: null });
  });

  it('sums conversions and revenue exactly and divides per metrics.md', () => {
    // 0.1 + 0.2 in ten-thousandths: 1000 + 2000, no floating-point residue
    const m = metricsOf(
      [
        cell('delivered', { messages: 10, withProviderId: 10, clicked: 4, humanClicks: 6, conversions: 2, revenueTenThousandths: 1000 }),
        cell('delivered', { segment: 'new', messages: 5, withProviderId: 5, clicked: 0, conversions: 1, revenueTenThousandths: 2000 }),
      ],
      null,
    );
    expect(m.revenue).toBe(0.3);
    expect(m.conversions).toBe(3);
    expect(m.clickToConversion).toBe(3 / 4);
    expect(m.revenuePerClick).toBeCloseTo(0.05, 12);
  });

  it('passes time-to-click through and counts QR scans apart from clicks', () => {
    const m = metricsOf([cell('delivered', { messages: 1, withProviderId: 1, qrScans: 2 })], { median: 12, p90: 30 });
    expect(m).toMatchObject({ timeToClick: { median: 12, p90: 30 }, qrScans: 2, clicks: 0, uniqueClicks: 0 });
  });
});
