import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { campaignCount, countByStatus, demoCsv, demoPhone, shortCodesIn, twimlMessage } from './demo-data.js';

describe('demo data', () => {
  it('uses distinct fictional numbers that pass full phone validation', () => {
    const phones = Array.from({ length: 500 }, (_, i) => demoPhone(i));
    expect(new Set(phones).size).toBe(500);
    for (const phone of phones) {
      expect(phone).toMatch(/^\+1\d{3}5550[12]\d\d$/);
      expect(parsePhoneNumberFromString(phone)?.isValid()).toBe(true);
    }
    expect(() => demoPhone(500)).toThrow('up to 500');
  });

  it('writes an importable CSV with both segments, some overlapping, and one bad row', () => {
    const { csv, phones } = demoCsv(50);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('phone,first_name,segments,timezone');
    expect(lines).toHaveLength(52);
    expect(phones).toHaveLength(50);
    const segments = lines.slice(1, 51).map((line) => line.split(',')[2]);
    expect(segments.filter((s) => s === 'vip|newsletter')).toHaveLength(8);
    expect(segments.filter((s) => s === 'vip')).toHaveLength(7);
    expect(segments.filter((s) => s === 'newsletter')).toHaveLength(35);
    expect(lines[51]).toMatch(/^not-a-phone,/);
  });
});

describe('shortCodesIn', () => {
  it('finds the codes of links on the short-link host only', () => {
    const body = 'Sale at http://localhost:3000/Ab3dE9xQ and https://other.example.com/x. Also http://localhost:3000/Zz99Yy88';
    expect(shortCodesIn(body, 'http://localhost:3000/')).toEqual(['Ab3dE9xQ', 'Zz99Yy88']);
    expect(shortCodesIn('no links here', 'http://localhost:3000')).toEqual([]);
  });
});

describe('countByStatus', () => {
  it('counts messages per status', () => {
    expect(countByStatus([{ status: 'delivered' }, { status: 'failed' }, { status: 'delivered' }])).toEqual({ delivered: 2, failed: 1 });
  });
});

describe('campaignCount', () => {
  it('reads the counts object and nothing else', () => {
    expect(campaignCount({ counts: { sent: 3 } }, 'sent')).toBe(3);
    expect(campaignCount({ sent: 4 }, 'sent')).toBeUndefined();
    expect(campaignCount({ counts: { sent: '3' } }, 'sent')).toBeUndefined();
    expect(campaignCount({}, 'sent')).toBeUndefined();
  });
});

describe('twimlMessage', () => {
  it('extracts the reply text of a TwiML answer', () => {
    const twiml = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>You have been\n unsubscribed.</Message></Response>';
    expect(twimlMessage(twiml)).toBe('You have been unsubscribed.');
  });

  it('returns the whole answer when it has no message', () => {
    expect(twimlMessage('<Response/>')).toBe('<Response/>');
  });
});
