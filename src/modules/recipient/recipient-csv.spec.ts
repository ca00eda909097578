import { Readable } from 'node:stream';
import { DomainError } from '../../common/domain-error.js';
import { csvRecordToRow, readCsvHeader, readRecipientCsv } from './recipient-csv.js';

async function readAll(text: string | string[]) {
  const rows = [];
  for await (const row of readRecipientCsv(Readable.from(Array.isArray(text) ? text : [text]))) rows.push(row);
  return rows;
}

async function failure(text: string): Promise<DomainError> {
  try {
    await readAll(text);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the CSV to be refused');
}

describe('readCsvHeader', () => {
  it('finds the known columns case-insensitively and treats the rest as attributes', () => {
    expect(readCsvHeader(['Phone', 'External ID', 'segments', 'TimeZone', 'first_name'])).toEqual({
      phone: 0,
      externalId: 1,
      segments: 2,
      timezone: 3,
      attributes: [{ name: 'first_name', position: 4 }],
    });
  });

  it('refuses a header without phone, naming the field', () => {
    expect(() => readCsvHeader(['mobile', 'name'])).toThrow(expect.objectContaining({ field: 'phone', message: expect.stringMatching(/no phone column.*mobile, name/) }));
  });

  it('refuses duplicate and empty column names', () => {
    expect(() => readCsvHeader(['phone', 'Phone'])).toThrow(/appears twice/);
    expect(() => readCsvHeader(['phone', ''])).toThrow(/column 2 of the CSV header has no name/);
  });
});

describe('csvRecordToRow', () => {
  const columns = readCsvHeader(['phone', 'segments', 'external_id', 'timezone', 'plan']);

  it('splits segments on | and leaves empty cells out so stored values are kept', () => {
    expect(csvRecordToRow(['+14155550100', 'vip| news |', '', ' Europe/Paris ', 'pro'], columns, 5)).toEqual({
      row: { phone: '+14155550100', segments: ['vip', ' news ', ''], timezone: 'Europe/Paris', attributes: { plan: 'pro' } },
    });
    expect(csvRecordToRow(['+14155550100', '', '', '', ''], columns, 5)).toEqual({ row: { phone: '+14155550100' } });
  });

  it('reports a row with the wrong number of cells', () => {
    expect(csvRecordToRow(['+14155550100', 'vip'], columns, 5)).toEqual({
      phone: '+14155550100',
      problem: 'expected 5 columns as in the header, got 2',
    });
  });
});

describe('readRecipientCsv', () => {
  it('yields data rows numbered from 1, across chunk boundaries, with a BOM and CRLF', async () => {
    const rows = await readAll(['\uFEFFphone,name\r\n+1415555', '0100,"Ada, Countess"\r\n\r\n,\r\n+14155550101,Bob\r\n']);
    expect(rows).toEqual([
      { index: 1, row: { phone: '+14155550100', attributes: { name: 'Ada, Countess' } } },
      { index: 3, row: { phone: '+14155550101', attributes: { name: 'Bob' } } },
    ]);
  });

  it('turns a request stream that breaks off into a 400, not a 500', async () => {
    const broken = new Readable({ read() {} });
    broken.push('phone\n+14155550100\n');
    setImmediate(() => broken.destroy(new Error('aborted')));
    const rows = [];
    let caught: unknown;
    try {
      for await (const row of readRecipientCsv(broken)) rows.push(row);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ kind: 'invalid', code: 'upload_interrupted', message: 'body: the upload ended before the end of the CSV (aborted)' });
  });

  it('refuses an empty body', async () => {
    expect((await failure('')).message).toBe('body: the CSV is empty; expected a header row with a phone column');
  });

  it('refuses malformed CSV naming the line', async () => {
    const error = await failure('phone,name\n+14155550100,Ada\n+14155550101,"Bo"b\n');
    expect(error.code).toBe('malformed_csv');
    expect(error.message).toMatch(/^body: malformed CSV at line 3: /);
  });
});
