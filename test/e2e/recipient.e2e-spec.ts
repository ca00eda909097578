import { randomUUID } from 'node:crypto';
import { RecipientRepository } from '../../src/modules/recipient/recipient.repository.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

type Auth = { authorization: string };
// Response bodies are `any` here: the assertions themselves check their shape.
const json = (response: Response) => response.json() as Promise<any>;

describe('recipients (e2e)', () => {
  let t: TestApp;
  let auth: Auth;
  let accountId: string;

  beforeAll(async () => {
    t = await createTestApp('recipient');
    ({ auth, accountId } = await t.createAccount('Recipients', 'US'));
  }, 60_000);
  afterAll(() => t.close(), 60_000);

  const upsert = (body: unknown, headers: Auth = auth) =>
    fetch(`${t.baseUrl}/v1/recipients`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const importCsv = (csv: string, headers: Auth = auth, contentType = 'text/csv') =>
    fetch(`${t.baseUrl}/v1/recipients/import`, { method: 'POST', headers: { ...headers, 'content-type': contentType }, body: csv });
  const getRecipient = (phone: string, headers: Auth = auth) => fetch(`${t.baseUrl}/v1/recipients/${encodeURIComponent(phone)}`, { headers });
  const stored = (phone: string, account = accountId) => t.prisma.recipient.findUniqueOrThrow({ where: { accountId_phone: { accountId: account, phone } } });

  describe('POST /v1/recipients', () => {
    it('creates, then updates by E.164 phone, keeping good rows and reporting bad ones', async () => {
      const first = await upsert({
        recipients: [
          { phone: '(415) 555-0100', externalId: 'crm-1', segments: ['vip', ' news ', 'vip'], attributes: { firstName: 'Ada', plan: 'pro' }, timezone: 'america/los_angeles' },
          { phone: 'not a phone' },
          { phone: '+44 20 7946 0958' },
          { phone: '+14155550101', timezone: 'Mars/Olympus' },
          { phone: '415 555 0100' },
        ],
      });
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({
        created: 2,
        updated: 0,
        rejectedCount: 3,
        rejected: [
          { index: 1, phone: 'not a phone', reason: 'not a phone number' },
          { index: 3, phone: '+14155550101', reason: expect.stringContaining('timezone "Mars/Olympus" is not an IANA time zone name') },
          { index: 4, phone: '415 555 0100', reason: 'duplicate of row 0 (same number +14155550100)' },
        ],
      });
      expect(await stored('+14155550100')).toMatchObject({
        externalId: 'crm-1',
        segments: ['vip', 'news'],
        attributes: { firstName: 'Ada', plan: 'pro' },
        timezone: 'America/Los_Angeles',
      });

      const second = await upsert({ recipients: [{ phone: '+14155550100', segments: ['winback'], attributes: { plan: null, city: 'SF' } }, { phone: '+14155550102' }] });
      expect(await second.json()).toEqual({ created: 1, updated: 1, rejected: [], rejectedCount: 0 });
      const updated = await stored('+14155550100');
      // Given fields replace (segments) or merge (attributes, null removes); omitted fields are kept.
      expect(updated).toMatchObject({ externalId: 'crm-1', segments: ['winback'], attributes: { firstName: 'Ada', city: 'SF' }, timezone: 'America/Los_Angeles' });
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(updated.createdAt.getTime());

      const cleared = await upsert({ recipients: [{ phone: '+14155550100', externalId: null, timezone: null, segments: [] }] });
      expect(await cleared.json()).toMatchObject({ created: 0, updated: 1 });
      expect(await stored('+14155550100')).toMatchObject({ externalId: null, timezone: null, segments: [], attributes: { firstName: 'Ada', city: 'SF' } });
    });

    it.each([
      [{}, 'recipients'],
      [{ recipients: [] }, 'recipients: must hold at least one row'],
      [{ recipients: 'x' }, 'recipients'],
      [{ recipients: [{ phone: '+14155550100' }], extra: 1 }, 'extra'],
    ])('answers 400 naming the field for %j', async (body, expected) => {
      const response = await upsert(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining(expected) });
    });

    it('refuses more than 10,000 rows and points to the CSV import', async () => {
      const recipients = Array.from({ length: 10_001 }, (_, i) => ({ phone: `+1415${String(2_000_000 + i)}` }));
      const response = await upsert({ recipients });
      expect(response.status).toBe(400);
      expect((await json(response)).message).toMatch(/recipients: at most 10000 rows per request; send bigger lists as CSV to POST \/v1\/recipients\/import/);
      expect(await t.prisma.recipient.count({ where: { accountId, phone: '+14152000000' } })).toBe(0);
    }, 30_000);

    it('answers 401 without an API key', async () => {
      expect((await upsert({ recipients: [{ phone: '+14155550100' }] }, { authorization: '' })).status).toBe(401);
      expect((await importCsv('phone\n+14155550100\n', { authorization: '' })).status).toBe(401);
      expect((await getRecipient('+14155550100', { authorization: '' })).status).toBe(401);
    });
  });

  describe('POST /v1/recipients/import', () => {
    it('imports segments, external ids, time zones and attribute columns, rejecting bad rows by data row number', async () => {
      const csv = [
        'Phone,segments,external_id,timezone,first_name,plan',
        '+14155550200,vip|spring sale,crm-200,Europe/Paris,Ada,pro',
        '415 555 0201,,,,"Lovelace, Ada",',
        'garbage,vip,,,,',
        '+14155550202,vip,,Nowhere/City,,',
        '+14155550203,too,few',
        '(415) 555-0200,dup,,,,',
        '',
        '+14155550204,,,,,',
      ].join('\n');
      const response = await importCsv(csv);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        created: 3,
        updated: 0,
        rejectedCount: 4,
        rejected: [
          { index: 3, phone: 'garbage', reason: 'not a phone number' },
          { index: 4, phone: '+14155550202', reason: expect.stringContaining('timezone "Nowhere/City"') },
          { index: 5, phone: '+14155550203', reason: 'expected 6 columns as in the header, got 3' },
          { index: 6, phone: '(415) 555-0200', reason: 'duplicate of row 1 (same number +14155550200)' },
        ],
      });
      expect(await stored('+14155550200')).toMatchObject({
        externalId: 'crm-200',
        segments: ['vip', 'spring sale'],
        timezone: 'Europe/Paris',
        attributes: { first_name: 'Ada', plan: 'pro' },
      });
      expect(await stored('+14155550201')).toMatchObject({ externalId: null, segments: [], timezone: null, attributes: { first_name: 'Lovelace, Ada' } });

      // Re-importing: given cells replace, empty cells keep what is stored.
      const again = await importCsv('phone,plan,segments\n+14155550200,,winback\n+14155550201,basic,\n');
      expect(await again.json()).toEqual({ created: 0, updated: 2, rejected: [], rejectedCount: 0 });
      expect(await stored('+14155550200')).toMatchObject({ segments: ['winback'], externalId: 'crm-200', attributes: { first_name: 'Ada', plan: 'pro' } });
      expect(await stored('+14155550201')).toMatchObject({ attributes: { first_name: 'Lovelace, Ada', plan: 'basic' } });
    });

    it('answers 400 naming phone when the header has no phone column', async () => {
      const response = await importCsv('mobile,name\n+14155550300,Ada\n');
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ field: 'phone', message: expect.stringMatching(/^phone: the CSV header has no phone column/) });
    });

    it('answers 400 with the line for malformed CSV', async () => {
      const response = await importCsv('phone,name\n+14155550301,Ada\n+14155550302,"Bo"b\n');
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'malformed_csv', message: expect.stringMatching(/^body: malformed CSV at line 3: /) });
    });

    it('says how far a long import got when a malformed line stops it', async () => {
      const lines = ['phone'];
      for (let i = 0; i < 6_000; i++) lines.push(`+1646${String(2_000_000 + i)}`);
      lines.push('"+16469999999');
      const response = await importCsv(lines.join('\n'));
      expect(response.status).toBe(400);
      expect((await json(response)).message).toMatch(
        /^body: malformed CSV at line \d+: .*; the import stopped there, after writing 5000 new and 0 existing recipients from earlier batches$/,
      );
      expect(await t.prisma.recipient.count({ where: { accountId, phone: { startsWith: '+1646' } } })).toBe(5_000);
    }, 30_000);

    it('answers 400 for an empty file and 415 for a JSON body', async () => {
      const empty = await importCsv('');
      expect(empty.status).toBe(400);
      expect((await json(empty)).message).toMatch(/^body: the CSV is empty/);
      const wrongType = await importCsv(JSON.stringify({ recipients: [] }), auth, 'application/json');
      expect(wrongType.status).toBe(415);
      expect(await json(wrongType)).toMatchObject({ field: 'content-type', message: expect.stringContaining('text/csv') });
    });

    it('imports a 100,000-row CSV in one request, then updates all of it', async () => {
      const rows = 100_000;
      const lines = ['phone,segments,external_id,city'];
      for (let i = 0; i < rows; i++) lines.push(`+1212${String(2_000_000 + i)},bulk|batch-${i % 7},ext-${i},NYC`);
      const csv = lines.join('\n') + '\n';

      const first = await importCsv(csv);
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({ created: rows, updated: 0, rejected: [], rejectedCount: 0 });
      expect(await t.prisma.recipient.count({ where: { accountId, segments: { has: 'bulk' } } })).toBe(rows);
      expect(await stored('+12122099999')).toMatchObject({ segments: ['bulk', 'batch-4'], externalId: 'ext-99999', attributes: { city: 'NYC' } });

      const second = await importCsv(csv);
      expect(await second.json()).toEqual({ created: 0, updated: rows, rejected: [], rejectedCount: 0 });
    }, 120_000);
  });

  describe('RecipientRepository.upsertBatch (the set-based statement)', () => {
    it('counts created and updated rows and applies keep / replace / merge / clear per field', async () => {
      const repository = t.app.get(RecipientRepository);
      const { accountId: otherAccount } = await t.createAccount('Batch');
      expect(
        await repository.upsertBatch(otherAccount, [
          { phone: '+14155550400', externalId: 'a', segments: ['s1', 's2'], attributes: { k: 'v', n: 1 }, timezone: 'UTC' },
          { phone: '+14155550401' },
        ]),
      ).toEqual({ created: 2, updated: 0 });
      const untouched = await stored('+14155550401', otherAccount);
      expect(untouched).toMatchObject({ externalId: null, segments: [], attributes: {}, timezone: null });
      // Nothing would change: counted as updated (it exists) but not rewritten, so updated_at keeps meaning "last changed".
      expect(await repository.upsertBatch(otherAccount, [{ phone: '+14155550401', segments: [] }])).toEqual({ created: 0, updated: 1 });
      expect((await stored('+14155550401', otherAccount)).updatedAt).toEqual(untouched.updatedAt);

      expect(
        await repository.upsertBatch(otherAccount, [
          { phone: '+14155550400', attributes: { n: null, b: true } },
          { phone: '+14155550401', externalId: 'x', segments: ['only'] },
          { phone: '+14155550402', attributes: { gone: null } },
        ]),
      ).toEqual({ created: 1, updated: 2 });
      expect(await stored('+14155550400', otherAccount)).toMatchObject({ externalId: 'a', segments: ['s1', 's2'], attributes: { k: 'v', b: true }, timezone: 'UTC' });
      const changed = await stored('+14155550401', otherAccount);
      expect(changed).toMatchObject({ externalId: 'x', segments: ['only'] });
      expect(changed.updatedAt.getTime()).toBeGreaterThan(untouched.updatedAt.getTime());
      expect((await stored('+14155550402', otherAccount)).attributes).toEqual({});

      expect(await repository.upsertBatch(otherAccount, [{ phone: '+14155550400', externalId: null, timezone: null, segments: [] }])).toEqual({
        created: 0,
        updated: 1,
      });
      expect(await stored('+14155550400', otherAccount)).toMatchObject({ externalId: null, timezone: null, segments: [], attributes: { k: 'v', b: true } });
      // The same phone in this test's main account is a different recipient.
      expect(await t.prisma.recipient.count({ where: { phone: '+14155550400' } })).toBe(1);
    });
  });

  describe('GET /v1/recipients/{phone}', () => {
    const sender = '+15005550006';
    const phone = '+14155550500';

    beforeAll(async () => {
      await upsert({ recipients: [{ phone, externalId: 'crm-500', segments: ['vip'], attributes: { firstName: 'Grace' }, timezone: 'America/Chicago' }] });
      const recipient = await stored(phone);
      const campaign = await t.prisma.campaign.create({ data: { accountId, name: 'Spring sale', slug: 'spring-sale', sender, segments: ['vip'] } });
      const base = { accountId, campaignId: campaign.id, recipientId: recipient.id, phone, sender, segment: 'vip', smsSegments: 1 };
      await t.prisma.message.create({ data: { ...base, id: randomUUID(), variant: 'a', body: 'Hi', status: 'delivered', createdAt: new Date('2026-01-01T10:00:00Z'), deliveredAt: new Date('2026-01-01T10:00:05Z') } });
      const other = await t.prisma.campaign.create({ data: { accountId, name: 'Summer', slug: 'summer', sender, segments: ['vip'] } });
      await t.prisma.message.create({ data: { ...base, campaignId: other.id, id: randomUUID(), variant: 'b', body: 'Yo', status: 'sent', createdAt: new Date('2026-02-01T10:00:00Z') } });
      await t.prisma.optOut.createMany({
        data: [
          { phone, sender, optedOut: true, changedAt: new Date('2026-02-02T00:00:00Z') },
          // A sender this account never used: another tenant's business, not shown.
          { phone, sender: '+15005550099', optedOut: true, changedAt: new Date('2026-02-03T00:00:00Z') },
        ],
      });
      await t.prisma.inboundMessage.create({ data: { providerSid: `SM${randomUUID().replace(/-/g, '')}`, phone, sender, body: 'STOP', kind: 'opt_out', changedState: true } });
      await t.prisma.inboundMessage.create({ data: { providerSid: `SM${randomUUID().replace(/-/g, '')}`, phone, sender: '+15005550099', body: 'private', kind: 'other' } });
    });

    it('returns the recipient with opt-out state and history, newest first, by E.164 or national number', async () => {
      for (const asWritten of [phone, '(415) 555-0500']) {
        const response = await getRecipient(asWritten);
        expect(response.status).toBe(200);
        const body = await json(response);
        expect(body).toMatchObject({
          phone,
          externalId: 'crm-500',
          segments: ['vip'],
          attributes: { firstName: 'Grace' },
          timezone: 'America/Chicago',
          optedOut: true,
          optOuts: [{ sender, optedOut: true, changedAt: '2026-02-02T00:00:00.000Z' }],
          inbound: [{ kind: 'opt_out', body: 'STOP', sender }],
        });
        expect(body.optOuts).toHaveLength(1);
        expect(body.inbound).toHaveLength(1);
        expect(body.messages.map((m: { campaignName: string; variant: string; status: string }) => [m.campaignName, m.variant, m.status])).toEqual([
          ['Summer', 'b', 'sent'],
          ['Spring sale', 'a', 'delivered'],
        ]);
        expect(body.messages[1]).toMatchObject({ deliveredAt: '2026-01-01T10:00:05.000Z', createdAt: '2026-01-01T10:00:00.000Z' });
      }
    });

    it('answers 404 for another account, and for an unknown phone', async () => {
      const other = await t.createAccount('Someone else');
      const response = await getRecipient(phone, other.auth);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ statusCode: 404, code: 'recipient_not_found' });
      expect((await getRecipient('+14155550599')).status).toBe(404);
    });

    it('answers 400 naming phone for something that is not a phone number', async () => {
      const response = await getRecipient('hello');
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ field: 'phone', message: 'phone: not a phone number' });
    });
  });
});
