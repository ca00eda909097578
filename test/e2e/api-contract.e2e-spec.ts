/**
 * The public HTTP surface of api.md against bad input: every refusal is a 4xx
 * with `{ statusCode, error, message }` naming the field, never a 500, a
 * stack trace or a half-written row.
 */
import { createTestApp, TestApp } from '../utils/test-app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SENDER = '+15005550006';
const campaign = (overrides: Json = {}): Json => ({
  name: 'Contract',
  from: SENDER,
  segments: ['vip'],
  variants: [{ key: 'A', body: 'Hi https://shop.example.com/a' }],
  ...overrides,
});

describe('API contract and bad input (e2e)', () => {
  let t: TestApp;
  let auth: { authorization: string };

  beforeAll(async () => {
    t = await createTestApp('apicontract', { APP_ROLE: 'api' });
    ({ auth } = await t.createAccount('Contract'));
  });
  afterAll(() => t.close());

  /** Sends `body` exactly as given (a string is sent raw). */
  async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const raw = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
    const response = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { ...auth, ...(raw === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: raw as string | undefined,
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', text, body: JSON.parse(text) as Json };
  }

  /** The error shape of api.md, naming `field` in its message. */
  function expectError(response: { status: number; type: string; body: Json; text: string }, status: number, field: string): void {
    expect(response.status).toBe(status);
    expect(response.type).toMatch(/^application\/json/);
    expect(response.body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.stringContaining(field) });
    expect(response.text).not.toMatch(/\bat .+\.(js|ts):\d+/);
  }

  describe('a body that is not a JSON object', () => {
    it.each([
      ['an array', '[{"name":"x"}]', 'an array'],
      ['null', 'null', 'null'],
      ['a string', '"abc"', 'a string'],
      ['a number', '42', 'a number'],
    ])('answers 400 "body: must be a JSON object" for %s', async (_what, raw, got) => {
      for (const path of ['/v1/recipients', '/v1/campaigns', '/v1/campaigns/preview']) {
        const response = await send('POST', path, raw);
        expectError(response, 400, 'body');
        expect(response.body.message).toBe(`body: must be a JSON object, got ${got}`);
      }
    });

    it('answers 400 naming body when there is no body at all', async () => {
      expectError(await send('POST', '/v1/campaigns'), 400, 'body');
    });

    it('answers 400 naming body for malformed JSON and for a __proto__ key', async () => {
      for (const raw of ['{"name": ', '{"__proto__": {"admin": true}}']) {
        const response = await send('POST', '/v1/campaigns', raw);
        expectError(response, 400, 'body: is not valid JSON');
        expect(response.body).toMatchObject({ code: 'malformed_json', field: 'body' });
      }
    });
  });

  describe('Content-Type', () => {
    it.each([
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', 'name=x'],
      ['application/xml', '<campaign/>'],
      ['text/csv', 'phone\n+14155550100\n'],
    ])('answers 415 naming Content-Type for %s on a JSON route', async (type, raw) => {
      for (const path of ['/v1/recipients', '/v1/campaigns', '/v1/campaigns/preview']) {
        const response = await send('POST', path, raw, { 'content-type': type });
        expectError(response, 415, 'Content-Type');
        expect(response.body).toMatchObject({ field: 'content-type', message: `Content-Type: expected application/json, got ${type}` });
      }
    });

    it('answers 415 naming Content-Type when a body comes without one', async () => {
      for (const path of ['/v1/campaigns', '/v1/recipients/import']) {
        const response = await fetch(`${t.baseUrl}${path}`, { method: 'POST', headers: auth, body: new Blob(['{"name":"x"}']) });
        expect(response.status).toBe(415);
        expect(((await response.json()) as Json).message).toMatch(/^Content-Type: expected .+, got none$/);
      }
    });

    it('answers 415 for JSON sent to the CSV import', async () => {
      const response = await send('POST', '/v1/recipients/import', { recipients: [] });
      expectError(response, 415, 'text/csv');
    });

    it('treats an empty body labelled JSON as no body: launch and cancel work, a DTO route names body', async () => {
      const created = await send('POST', '/v1/campaigns', campaign());
      const cancelled = await send('POST', `/v1/campaigns/${created.body.id}/cancel`, '', { 'content-type': 'application/json' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      expectError(await send('POST', '/v1/recipients', '', { 'content-type': 'application/json' }), 400, 'body');
    });

    it('answers 413 with the JSON error shape for a payload over the limit', async () => {
      const huge = JSON.stringify({ recipients: [{ phone: '+14155550100', attributes: { pad: 'x'.repeat(11 * 1024 * 1024) } }] });
      const response = await send('POST', '/v1/recipients', huge);
      expectError(response, 413, 'body: larger than the 10 MB limit');
      expect(response.body).toMatchObject({ code: 'payload_too_large', field: 'body' });
    });
  });

  describe('field validation: one problem per field, named by its path', () => {
    it('says a missing field is required and a null one must not be null', async () => {
      const response = await send('POST', '/v1/campaigns', { name: null, segments: ['vip'], variants: [{ key: 'A' }] });
      expectError(response, 400, 'name');
      expect(response.body).toMatchObject({ code: 'invalid_input', field: 'name' });
      expect(response.body.errors).toEqual([
        { field: 'name', problem: 'must not be null' },
        { field: 'from', problem: 'is required' },
        { field: 'variants.0.body', problem: 'is required' },
      ]);
    });

    it('names the type a field must have, once, for numbers sent as strings', async () => {
      const response = await send('POST', '/v1/campaigns', campaign({ sendRate: '5', variants: [{ key: 'A', body: 'x', weight: '2' }] }));
      expect(response.body.message).toBe('variants.0.weight: must be an integer number; sendRate: must be an integer number');
    });

    it('refuses unknown fields at any depth', async () => {
      const response = await send('POST', '/v1/campaigns', campaign({ colour: 'red', utm: { source: 'sms', term: 'x' } }));
      expectError(response, 400, 'colour');
      expect(response.body.message).toBe('colour: is not a known field; utm.term: is not a known field');
    });

    it('says what an element of the wrong kind should be', async () => {
      const response = await send('POST', '/v1/campaigns', campaign({ variants: [5, 'x'], quietHours: 'night' }));
      expect(response.body.message).toBe('variants.0: must be an object; variants.1: must be an object; quietHours: must be an object');
    });

    it('refuses an extremely long string by its limit, not with a 500', async () => {
      const response = await send('POST', '/v1/campaigns', campaign({ name: 'n'.repeat(100_000) }));
      expect(response.body.message).toBe('name: must be shorter than or equal to 200 characters');
    });

    it.each([
      ['name', { name: 'Spring\u0000sale' }, 'name: must not contain NUL (U+0000) characters'],
      ['a variant body', { variants: [{ key: 'A', body: 'Hi \ud83d https://x.example.com/' }] }, 'variants.0.body: must be valid Unicode (it holds a lone UTF-16 surrogate)'],
      ['a segment', { segments: ['vip', 'x\u0000'] }, 'segments: must not contain NUL (U+0000) characters'],
      ['a UTM value', { utm: { source: '\udc00' } }, 'utm.source: must be valid Unicode (it holds a lone UTF-16 surrogate)'],
      ['a tag', { tags: ['\u0000'] }, 'tags: must not contain NUL (U+0000) characters'],
    ])('answers 400, not 500, for text PostgreSQL cannot store in %s', async (_where, overrides, message) => {
      for (const path of ['/v1/campaigns', '/v1/campaigns/preview']) {
        const response = await send('POST', path, campaign(overrides));
        expectError(response, 400, message.split(':')[0]);
        expect(response.body.message).toBe(message);
      }
    });

    it.each([['2026-W05'], ['20261201T100000Z'], ['2026-12-01T10:00'], ['2026-12-01'], ['2026-02-30T10:00:00Z']])(
      'answers 400 naming scheduledAt for %s (week dates and basic format used to give a 500, zone-less times were read in server time)',
      async (scheduledAt) => {
        expectError(await send('POST', '/v1/campaigns', campaign({ scheduledAt })), 400, 'scheduledAt');
      },
    );

    it('keeps the instant of a scheduledAt given with an offset', async () => {
      const response = await send('POST', '/v1/campaigns', campaign({ scheduledAt: '2026-12-01T10:00:00+14:00' }));
      expect(response.body.scheduledAt).toBe('2026-11-30T20:00:00.000Z');
    });

    it('trims campaign segments as recipient segments are, and holds them to the same 64 characters', async () => {
      const created = await send('POST', '/v1/campaigns', campaign({ segments: [' vip ', 'news'] }));
      expect(created.body.segments).toEqual(['vip', 'news']);
      expectError(await send('POST', '/v1/campaigns', campaign({ segments: ['vip', ' vip'] })), 400, 'segments');
      expectError(await send('POST', '/v1/campaigns', campaign({ segments: ['   '] })), 400, 'segments');
      const tooLong = await send('POST', '/v1/campaigns', campaign({ segments: ['s'.repeat(65)] }));
      expect(tooLong.body.message).toMatch(/^segments: .*64 characters/);
    });

    it('stores nothing when a campaign is refused', async () => {
      const before = await t.prisma.campaign.count();
      await send('POST', '/v1/campaigns', campaign({ variants: [{ key: 'A', body: 'x' }, { key: 'A', body: 'y' }] }));
      await send('POST', '/v1/campaigns', campaign({ name: 'n'.repeat(201) }));
      expect(await t.prisma.campaign.count()).toBe(before);
    });
  });

  describe('campaign ids in the path', () => {
    it.each([['not-a-uuid'], ['123'], ["1' OR '1'='1"], ['00000000-0000-0000-0000-00000000000g']])('answers 400 naming id for %s', async (id) => {
      for (const [method, suffix] of [['GET', ''], ['POST', '/launch'], ['POST', '/cancel']]) {
        const response = await send(method, `/v1/campaigns/${encodeURIComponent(id)}${suffix}`);
        expectError(response, 400, 'id');
        expect(response.body.message).toBe('id: must be a UUID');
      }
    });

    it("answers 404, not 403, for another account's campaign and leaves it untouched", async () => {
      const created = await send('POST', '/v1/campaigns', campaign());
      const other = await t.createAccount('Other');
      for (const [method, suffix] of [['GET', ''], ['POST', '/launch'], ['POST', '/cancel']]) {
        const response = await send(method, `/v1/campaigns/${created.body.id}${suffix}`, undefined, other.auth);
        expectError(response, 404, created.body.id);
      }
      expect((await t.prisma.campaign.findUniqueOrThrow({ where: { id: created.body.id } })).status).toBe('draft');
    });
  });

  describe('recipients', () => {
    it('keeps unicode and emoji in segments and attributes as sent', async () => {
      const response = await send('POST', '/v1/recipients', {
        recipients: [{ phone: '+14155550140', segments: ['🎉 fête'], attributes: { name: 'Zoë 😀 中文' } }],
      });
      expect(response.body).toMatchObject({ created: 1, rejected: [] });
      const read = await send('GET', `/v1/recipients/${encodeURIComponent('+14155550140')}`);
      expect(read.body).toMatchObject({ segments: ['🎉 fête'], attributes: { name: 'Zoë 😀 中文' } });
    });

    it('reports nested garbage per row and keeps the good rows', async () => {
      const response = await send('POST', '/v1/recipients', {
        recipients: [
          { phone: '+14155550141', attributes: { deep: { a: [1] } } },
          { phone: '+14155550142', attributes: [1, 2] },
          { phone: '+14155550143', segments: 'vip' },
          null,
          { phone: '+14155550144', attributes: { plan: 'pro' } },
        ],
      });
      expect(response.status).toBe(200);
      expect(response.body.created).toBe(1);
      expect(response.body.rejected.map((r: Json) => [r.index, r.reason])).toEqual([
        [0, expect.stringContaining('attributes.deep')],
        [1, expect.stringContaining('attributes')],
        [2, expect.stringContaining('segments')],
        [3, 'row must be an object'],
      ]);
    });

    it('rejects only the rows holding text PostgreSQL cannot store, and keeps the rest of the batch', async () => {
      const response = await send('POST', '/v1/recipients', {
        recipients: [
          { phone: '+14155550145', externalId: 'crm\u0000x' },
          { phone: '+14155550146', attributes: { note: 'half \ud800' } },
          { phone: '+14155550147', segments: ['a\u0000'] },
          { phone: '+14155550148', attributes: { note: 'fine 😀' } },
        ],
      });
      expect(response.status).toBe(200);
      expect(response.body.created).toBe(1);
      expect(response.body.rejected.map((r: Json) => r.reason)).toEqual([
        'externalId must not contain NUL (U+0000) characters',
        'attributes.note must be valid Unicode (it holds a lone UTF-16 surrogate)',
        'segments must not contain NUL (U+0000) characters',
      ]);
      expect(await t.prisma.recipient.count({ where: { phone: { in: ['+14155550145', '+14155550146', '+14155550147'] } } })).toBe(0);
    });

    it('answers 200 and rejects the row for a NUL inside a CSV cell', async () => {
      const response = await send('POST', '/v1/recipients/import', 'phone,city\n+14155550149,Pa\u0000ris\n+14155550150,Lyon\n', { 'content-type': 'text/csv' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ created: 1, rejected: [{ index: 1, reason: 'attributes.city must not contain NUL (U+0000) characters' }] });
    });

    it.each([['abc'], ['+1'], ['😀']])('answers 400 naming phone for %s in the path', async (phone) => {
      expectError(await send('GET', `/v1/recipients/${encodeURIComponent(phone)}`), 400, 'phone');
    });
  });

  describe('authorization', () => {
    it.each([
      ['no header', undefined],
      ['a Basic header', 'Basic Zm9vOmJhcg=='],
      ['a garbage key', 'Bearer garbage'],
      ['a key of 5,000 characters', `Bearer sk_${'a'.repeat(5000)}_b`],
    ])('answers 401 naming Authorization for %s', async (_what, header) => {
      const response = await fetch(`${t.baseUrl}/v1/campaigns/00000000-0000-0000-0000-000000000000`, {
        headers: header === undefined ? {} : { authorization: header },
      });
      const body = (await response.json()) as Json;
      expect(response.status).toBe(401);
      expect(body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.stringContaining('Authorization') });
    });
  });
});
