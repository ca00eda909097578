import { measureSms, previewVariant } from './sms-preview.js';

const base = 'https://sms.example.com';
const code = 'Ab3dEf9h';
const shortLink = `${base}/${code}`; // 32 characters

describe('measureSms', () => {
  it('counts a short GSM-7 body as one segment', () => {
    expect(measureSms('Hello there')).toMatchObject({ encoding: 'GSM-7', segments: 1, characters: 11 });
  });

  it('switches to UCS-2 for an emoji and names it', () => {
    const size = measureSms('Sale today 🎉');
    expect(size.encoding).toBe('UCS-2');
    expect(size.segments).toBe(1);
    expect(size.nonGsmCharacters).toEqual(['🎉']);
  });

  it('splits GSM-7 at 160 characters into 153-character segments', () => {
    expect(measureSms('a'.repeat(160)).segments).toBe(1);
    expect(measureSms('a'.repeat(161)).segments).toBe(2);
    expect(measureSms('a'.repeat(306)).segments).toBe(2);
    expect(measureSms('a'.repeat(307)).segments).toBe(3);
  });
});

describe('previewVariant', () => {
  it('renders the body with a sample short link of the real length', () => {
    const preview = previewVariant('A', 'Deals at https://shop.example.com/very/long/path?utm=x today', base, code);
    expect(preview.body).toBe(`Deals at ${shortLink} today`);
    expect(preview.links).toEqual([{ destination: 'https://shop.example.com/very/long/path?utm=x', shortLink }]);
    expect(preview).toMatchObject({ key: 'A', encoding: 'GSM-7', segments: 1, segmentsBeforeLinks: 1, warnings: [] });
    expect(preview.characters).toBe(preview.body.length);
  });

  it('warns when the short link pushes a GSM-7 body to 2 segments', () => {
    // 130 + 13 = 143 characters as written (1 segment); with the 32-character short link 163 (2 segments).
    const plain = previewVariant('A', `${'y'.repeat(120)} https://a.co/b`, base, code);
    expect(plain.segments).toBe(1);
    const preview = previewVariant('B', `${'y'.repeat(130)} https://a.co`, base, code);
    expect(measureSms(`${'y'.repeat(130)} https://a.co`).segments).toBe(1);
    expect(preview.encoding).toBe('GSM-7');
    expect(preview.segmentsBeforeLinks).toBe(1);
    expect(preview.segments).toBe(2);
    expect(preview.warnings[0]).toMatch(/from 1 to 2 SMS segment/);
  });

  it('reports UCS-2 for an emoji body with its 70-character limit', () => {
    const preview = previewVariant('C', `Hi 😀 ${'z'.repeat(20)} https://a.co/x`, base, code);
    expect(preview.encoding).toBe('UCS-2');
    expect(preview.segments).toBe(1);
    expect(preview.warnings.some((w) => w.includes('UCS-2') && w.includes('😀'))).toBe(true);
    const longer = previewVariant('D', `Hi 😀 ${'z'.repeat(40)} https://a.co/x`, base, code);
    expect(longer.segments).toBe(2);
  });

  it('handles a body without links', () => {
    const preview = previewVariant('E', 'No links', base, code);
    expect(preview).toMatchObject({ body: 'No links', links: [], segments: 1, segmentsBeforeLinks: 1 });
  });
});
