import { deliveryCounts, StatusGroup, statusCounts } from './delivery-counts.js';

const group = (status: StatusGroup['status'], messages: number, withProviderId = 0, clicked = 0): StatusGroup => ({
  status,
  messages,
  withProviderId,
  clicked,
});

describe('deliveryCounts (metrics.md)', () => {
  it('is all zeros for a campaign with no messages', () => {
    expect(deliveryCounts([])).toEqual({ recipients: 0, suppressed: 0, sent: 0, delivered: 0, failed: 0, frequencyCapped: 0 });
  });

  it('counts sent as every message with a provider id, whatever its later status', () => {
    const counts = deliveryCounts([group('sent', 3, 3), group('delivered', 5, 5), group('undelivered', 2, 2), group('queued', 4)]);
    expect(counts.sent).toBe(10);
    expect(counts.recipients).toBe(14);
  });

  it('counts a clicked message as delivered and never as failed (a click proves receipt)', () => {
    const counts = deliveryCounts([
      group('delivered', 10, 10, 4),
      group('undelivered', 3, 3, 1),
      group('failed', 2, 2, 0),
      group('sent', 6, 6, 2),
    ]);
    expect(counts.delivered).toBe(10 + 1 + 2);
    expect(counts.failed).toBe(2 + 2);
  });

  it('counts suppressed messages apart; they are never sent', () => {
    const counts = deliveryCounts([group('suppressed', 7), group('cancelled', 1), group('delivered', 2, 2)]);
    expect(counts).toEqual({ recipients: 10, suppressed: 7, sent: 2, delivered: 2, failed: 0, frequencyCapped: 0 });
  });

  it('counts frequency-capped (skipped) messages apart: among recipients, never suppressed, sent, delivered or failed', () => {
    const counts = deliveryCounts([group('skipped', 3), group('suppressed', 1), group('delivered', 2, 2)]);
    expect(counts).toEqual({ recipients: 6, suppressed: 1, sent: 2, delivered: 2, failed: 0, frequencyCapped: 3 });
  });

  it('counts a message failed at send time (no provider id) as failed, not sent', () => {
    expect(deliveryCounts([group('failed', 1, 0, 0)])).toMatchObject({ sent: 0, failed: 1 });
  });
});

describe('statusCounts', () => {
  it('lists every status, zero when absent', () => {
    expect(statusCounts([group('queued', 2), group('delivered', 1, 1)])).toEqual({
      suppressed: 0,
      cancelled: 0,
      queued: 2,
      sending: 0,
      sent: 0,
      delivered: 1,
      undelivered: 0,
      failed: 0,
      skipped: 0,
    });
  });
});
