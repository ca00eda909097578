import pg from 'pg';
import { pgArray } from './pg-array.js';

describe('pgArray', () => {
  it('quotes every text element and escapes backslashes and quotes', () => {
    expect(pgArray(['a', 'b c', 'x,y', '{z}', 'NULL', 'q"uote', 'back\\slash', ''])).toBe(
      '{"a","b c","x,y","{z}","NULL","q\\"uote","back\\\\slash",""}',
    );
  });

  it('writes numbers bare and nulls as NULL', () => {
    expect(pgArray([1, 22, null])).toBe('{1,22,NULL}');
    expect(pgArray([])).toBe('{}');
  });

  it('round-trips through PostgreSQL unchanged', async () => {
    const values = ['plain', 'emoji 🎉', 'new\nline', 'tab\t', 'q"uote', 'back\\slash', '{"json": [1, 2]}', 'NULL', ' lead', ''];
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' });
    await client.connect();
    try {
      const { rows } = await client.query<{ values: (string | null)[] }>('SELECT $1::text[] AS values', [pgArray([...values, null])]);
      expect(rows[0].values).toEqual([...values, null]);
    } finally {
      await client.end();
    }
  });
});
