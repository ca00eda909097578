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
  });
});
