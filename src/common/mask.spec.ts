import { maskPhone, maskPhonesInText } from './mask.js';

describe('maskPhone', () => {
  it('keeps the country prefix and last two digits', () => {
    expect(maskPhone('+14155550123')).toBe('+1415*****23');
  });
  it('masks short strings entirely', () => {
    expect(maskPhone('12345')).toBe('*****');
  });
  it('masks numbers inside text', () => {
    expect(maskPhonesInText('sent to +14155550123 ok')).toBe('sent to +1415*****23 ok');
    expect(maskPhonesInText('campaign 42 done')).toBe('campaign 42 done');
    expect(maskPhonesInText("The 'To' number +15005550001 is not a valid phone number.")).toBe(
      "The 'To' number +1500*****01 is not a valid phone number.",
    );
  });
  it('leaves ids alone', () => {
    const uuid = '550e8400-e29b-41d4-a716-446655440000';
    expect(maskPhonesInText(`message ${uuid} failed`)).toBe(`message ${uuid} failed`);
  });
});
