import { normalisePhone } from './phone.js';

describe('normalisePhone', () => {
  it.each([
    ['(415) 555-0100', 'US', '+14155550100'],
    ['415.555.2671', 'US', '+14155552671'],
    ['+1 415 555 2671', 'GB', '+14155552671'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['07911 123456', 'GB', '+447911123456'],
    ['0044 20 7946 0958', 'DE', '+442079460958'],
    ['011 44 20 7946 0958', 'US', '+442079460958'],
    ['  +4915112345678  ', 'US', '+4915112345678'],
    ['+15005550006', 'US', '+15005550006'],
  ])('reads %s (default %s) as %s', (raw, country, e164) => {
    expect(normalisePhone(raw, country)).toEqual({ ok: true, e164 });
  });

  it('reads a national number with the given default country, not another', () => {
    expect(normalisePhone('020 7946 0958', 'US')).toEqual({ ok: false, reason: 'not a valid phone number for US' });
  });

  it.each([
    [undefined, 'phone is required'],
    ['', 'phone is required'],
    ['   ', 'phone is required'],
    [14155550100, 'phone must be a string'],
    ['garbage', 'not a phone number'],
    ['12', 'not a valid phone number for US'],
    ['+44 123', 'not a valid phone number for country code +44'],
    ['+1 415 555 2671 ext 3', 'phone has an extension; SMS cannot reach extensions'],
    ['1'.repeat(65), 'phone is longer than 64 characters'],
  ])('refuses %p: %s', (raw, reason) => {
    expect(normalisePhone(raw, 'US')).toEqual({ ok: false, reason });
  });
});
