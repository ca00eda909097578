import { csvDataRows } from './csv-rows.js';

describe('csvDataRows', () => {
  it('numbers data rows from 1 after the header and finds the phone column', () => {
    expect(csvDataRows('external_id,phone,segments\nc1,+14155550100,vip|news\nc2,garbage,\n')).toEqual([
      { row: 1, phone: '+14155550100' },
      { row: 2, phone: 'garbage' },
    ]);
  });

  it('does not count blank lines, but counts rows of empty cells (the import skips those silently)', () => {
    expect(csvDataRows('phone\r\n\r\n+14155550100\r\n,\r\n+14155550101').map((r) => [r.row, r.phone])).toEqual([
      [1, '+14155550100'],
      [2, ''],
      [3, '+14155550101'],
    ]);
  });

  it('reads quoted cells with commas, quotes and newlines', () => {
    expect(csvDataRows('\uFEFFPhone,note\n"+1 (415) 555-0100","a, ""b""\nc"\n')).toEqual([{ row: 1, phone: '+1 (415) 555-0100' }]);
  });
});
