import { nextStatus, receiptFor, statusRankSql } from './message-status.js';

describe('nextStatus (receipt precedence)', () => {
  it('moves forward along queued < sending < sent < delivered', () => {
    expect(nextStatus('queued', 'sent')).toBe('sent');
    expect(nextStatus('sending', 'sent')).toBe('sent');
    expect(nextStatus('sent', 'delivered')).toBe('delivered');
    expect(nextStatus('sending', 'delivered')).toBe('delivered');
  });

  it('never lets a late sent overwrite a later status', () => {
    expect(nextStatus('delivered', 'sent')).toBe('delivered');
    expect(nextStatus('failed', 'sent')).toBe('failed');
    expect(nextStatus('undelivered', 'sent')).toBe('undelivered');
  });

  it('keeps the first terminal status between undelivered and failed', () => {
    expect(nextStatus('undelivered', 'failed')).toBe('undelivered');
    expect(nextStatus('failed', 'undelivered')).toBe('failed');
  });

  it('lets delivered beat an earlier undelivered or failed, never the reverse', () => {
    expect(nextStatus('undelivered', 'delivered')).toBe('delivered');
    expect(nextStatus('failed', 'delivered')).toBe('delivered');
    expect(nextStatus('delivered', 'failed')).toBe('delivered');
    expect(nextStatus('delivered', 'undelivered')).toBe('delivered');
  });

  it('is idempotent', () => {
    for (const status of ['sent', 'delivered', 'undelivered', 'failed'] as const) {
      expect(nextStatus(status, status)).toBe(status);
    }
  });

  it('never applies a receipt to a message that was not sent', () => {
    expect(nextStatus('suppressed', 'delivered')).toBe('suppressed');
    expect(nextStatus('cancelled', 'sent')).toBe('cancelled');
  });
});

describe('receiptFor (Twilio MessageStatus)', () => {
  it('maps provider-side progress to sent without a sent timestamp', () => {
    for (const status of ['accepted', 'scheduled', 'queued', 'sending']) {
      expect(receiptFor(status)).toEqual({ status: 'sent', stamp: null });
    }
  });

  it('stamps the matching timestamp for carrier statuses', () => {
    expect(receiptFor('sent')).toEqual({ status: 'sent', stamp: 'sent_at' });
    expect(receiptFor('delivered')).toEqual({ status: 'delivered', stamp: 'delivered_at' });
    expect(receiptFor('undelivered')).toEqual({ status: 'undelivered', stamp: 'undelivered_at' });
    expect(receiptFor('failed')).toEqual({ status: 'failed', stamp: 'failed_at' });
  });

  it('treats read as delivered and canceled as failed', () => {
    expect(receiptFor('read')).toEqual({ status: 'delivered', stamp: 'delivered_at' });
    expect(receiptFor('canceled')).toEqual({ status: 'failed', stamp: 'failed_at' });
  });

  it('ignores statuses that are not outbound receipts', () => {
    expect(receiptFor('received')).toBeNull();
    expect(receiptFor('nonsense')).toBeNull();
  });
});

describe('statusRankSql', () => {
  it('ranks every receipt status and gives -1 to the rest', () => {
    const sql = statusRankSql('m.status');
    expect(sql).toContain("WHEN 'delivered' THEN 4");
    expect(sql).toContain("WHEN 'failed' THEN 3");
    expect(sql).toContain('ELSE -1');
  });
});
