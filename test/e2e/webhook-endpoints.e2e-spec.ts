/**
 * The webhook endpoints API and delivery behaviour against the real stack:
 * CRUD and validation, tenancy, secret rotation, test events, the delivery
 * log, manual retry, 410, auto-disable after the failure window, timeouts
 * and the private-address policy. Receivers are real HTTP servers on
 * 127.0.0.1 verifying every delivery with the standardwebhooks package.
 */
import { jest } from '@jest/globals';
import { getJson, postJson } from '../utils/campaigns.js';
import { CrmReceiver, verify } from '../utils/crm-receiver.js';
import { createTestApp, eventually, TestApp } from '../utils/test-app.js';

jest.setTimeout(120_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('CRM webhook endpoints (e2e)', () => {
  let t: TestApp;
  let auth: { authorization: string };
  const receivers: CrmReceiver[] = [];

  beforeAll(async () => {
    t = await createTestApp('webhookendpoints', {
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_SCHEDULE: '0,100ms,100ms',
      WEBHOOK_FANOUT_INTERVAL_MS: '100',
      WEBHOOK_TIMEOUT_MS: '300',
    });
    ({ auth } = await t.createAccount('CRM'));
  });
  afterAll(async () => {
    await t.close();
    await Promise.all(receivers.map((receiver) => receiver.close()));
  });

  const receiver = async () => {
    const started = await new CrmReceiver().start();
    receivers.push(started);
    return started;
  };
  const send = async (method: string, path: string, body?: unknown, headers = auth) => {
    const response = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Json };
  };
  const createEndpoint = async (url: string, extra: Json = {}) => {
    const created = await postJson(t, auth, '/v1/webhook-endpoints', { url, events: ['message.delivered', 'link.clicked'], ...extra });
    expect(created.status).toBe(201);
    return created.body;
  };
  const testDelivery = async (endpointId: string) => {
    const sent = await postJson(t, auth, `/v1/webhook-endpoints/${endpointId}/test`);
    expect(sent.status).toBe(202);
    return sent.body;
  };
  const deliveryRow = (id: string) => t.prisma.webhookDelivery.findUniqueOrThrow({ where: { id } });
  const settled = (id: string) =>
    eventually(async () => {
      const row = await deliveryRow(id);
      return row.status !== 'pending' && row;
    });

  describe('endpoints API', () => {
    it('creates an endpoint and returns its signing secret once', async () => {
      const crm = await receiver();
      const created = await createEndpoint(crm.url, { description: 'Salesforce', includeBotClicks: true });
      expect(created).toMatchObject({
        id: expect.any(String),
        url: crm.url,
        events: ['message.delivered', 'link.clicked'],
        description: 'Salesforce',
        includeBotClicks: true,
        enabled: true,
        disabledAt: null,
        disabledReason: null,
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/=]{40,}$/),
      });
      const fetched = await getJson(t, auth, `/v1/webhook-endpoints/${created.id}`);
      expect(fetched.status).toBe(200);
      expect(fetched.body).not.toHaveProperty('secret');
      const listed = await getJson(t, auth, '/v1/webhook-endpoints');
      expect(listed.body.map((endpoint: Json) => endpoint.id)).toContain(created.id);
      expect(listed.body.every((endpoint: Json) => !('secret' in endpoint))).toBe(true);
    });

    it('refuses bad input with a 400 naming the field', async () => {
      const cases: [Json, string][] = [
        [{ url: 'ftp://crm.example.com/', events: ['message.sent'] }, 'url: must use http or https'],
        [{ url: 'not a url', events: ['message.sent'] }, 'url: must be an absolute http(s) URL'],
        [{ url: 'https://crm.example.com/', events: ['message.nope'] }, 'events: each must be one of message.sent, message.delivered'],
        [{ url: 'https://crm.example.com/', events: [] }, 'events: '],
        [{ url: 'https://crm.example.com/' }, 'events: is required'],
        [{ url: 'https://crm.example.com/', events: ['message.sent'], includeBotClicks: 'yes' }, 'includeBotClicks: '],
      ];
      for (const [body, message] of cases) {
        const answer = await postJson(t, auth, '/v1/webhook-endpoints', body);
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining(message) });
      }
      const badId = await getJson(t, auth, '/v1/webhook-endpoints/nope');
      expect(badId.status).toBe(400);
      expect(badId.body.message).toContain('id: must be a UUID');
    });

    it('updates url, events and bot clicks; disabling and enabling by hand', async () => {
      const crm = await receiver();
      const endpoint = await createEndpoint(crm.url);
      const other = await receiver();
      const patched = await send('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { url: other.url, events: ['campaign.completed'], includeBotClicks: true });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ url: other.url, events: ['campaign.completed'], includeBotClicks: true, enabled: true });
      const off = await send('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { enabled: false });
      expect(off.body).toMatchObject({ enabled: false, disabledAt: expect.any(String), disabledReason: null });
      expect((await postJson(t, auth, `/v1/webhook-endpoints/${endpoint.id}/test`)).status).toBe(409);
      const on = await send('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { enabled: true });
      expect(on.body).toMatchObject({ enabled: true, disabledAt: null, failingSince: null });
      const bad = await send('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { url: 'gopher://x' });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('url: must use http or https');
    });

    it("answers 404 for another account's endpoints and deliveries", async () => {
      const crm = await receiver();
      const endpoint = await createEndpoint(crm.url);
      const delivery = await testDelivery(endpoint.id);
      const other = await t.createAccount('Someone else');
      for (const [method, path] of [
        ['GET', `/v1/webhook-endpoints/${endpoint.id}`],
        ['PATCH', `/v1/webhook-endpoints/${endpoint.id}`],
        ['POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`],
        ['POST', `/v1/webhook-endpoints/${endpoint.id}/test`],
        ['GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`],
        ['DELETE', `/v1/webhook-endpoints/${endpoint.id}`],
        ['POST', `/v1/webhook-deliveries/${delivery.id}/retry`],
        ['GET', `/v1/webhook-deliveries/${delivery.id}`],
      ]) {
        const answer = await send(method, path, method === 'PATCH' ? { enabled: false } : undefined, other.auth);
        expect([method, path, answer.status]).toEqual([method, path, 404]);
      }
      expect((await getJson(t, other.auth, '/v1/webhook-endpoints')).body).toEqual([]);
      expect((await getJson(t, auth, `/v1/webhook-endpoints/${endpoint.id}`)).body.enabled).toBe(true);
    });

    it('deletes an endpoint with its delivery log', async () => {
      const crm = await receiver();
      const endpoint = await createEndpoint(crm.url);
      const delivery = await testDelivery(endpoint.id);
      await settled(delivery.id);
      expect((await send('DELETE', `/v1/webhook-endpoints/${endpoint.id}`)).status).toBe(204);
      expect((await getJson(t, auth, `/v1/webhook-endpoints/${endpoint.id}`)).status).toBe(404);
      expect(await t.prisma.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
    });
  });

  describe('delivery', () => {
    it('sends a verifiable test event and logs the delivery', async () => {
      const crm = await receiver();
      const endpoint = await createEndpoint(crm.url);
      const delivery = await testDelivery(endpoint.id);
      expect(delivery).toMatchObject({ endpointId: endpoint.id, eventType: 'webhook.test', status: 'pending' });
      await settled(delivery.id);
      const [event] = crm.accepted(endpoint.secret);
      expect(event.id).toBe(delivery.eventId);
      expect(event.event).toMatchObject({ type: 'webhook.test', data: { endpoint: { id: endpoint.id, url: crm.url } } });

      const log = await getJson(t, auth, `/v1/webhook-endpoints/${endpoint.id}/deliveries`);
      expect(log.status).toBe(200);
      expect(log.body.deliveries[0]).toMatchObject({
        id: delivery.id,
        eventId: delivery.eventId,
        eventType: 'webhook.test',
        status: 'succeeded',
        attempts: 1,
        lastStatusCode: 200,
        lastLatencyMs: expect.any(Number),
        lastError: null,
        nextAttemptAt: null,
        payload: { type: 'webhook.test' },
      });
      const filtered = await getJson(t, auth, `/v1/webhook-endpoints/${endpoint.id}/deliveries?status=failed`);
      expect(filtered.body).toEqual({ deliveries: [], nextCursor: null });
      const badFilter = await getJson(t, auth, `/v1/webhook-endpoints/${endpoint.id}/deliveries?status=nope`);
      expect(badFilter.status).toBe(400);
      expect(badFilter.body.message).toContain('status: must be one of pending, succeeded, failed, cancelled');
    });

    it('after a rotation signs with both secrets for 24 hours: either verifies', async () => {
      const crm = await receiver();
      const endpoint = await createEndpoint(crm.url);
      const rotated = await postJson(t, auth, `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`);
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).not.toBe(endpoint.secret);
      const expires = Date.parse(rotated.body.previousSecretExpiresAt) - Date.now();
      expect(expires).toBeGreaterThan(23 * 3600_000);
      expect(expires).toBeLessThanOrEqual(24 * 3600_000);
      await settled((await testDelivery(endpoint.id)).id);
      const [request] = crm.requests;
      expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(verify(rotated.body.secret, request).type).toBe('webhook.test');
      expect(verify(endpoint.secret, request).type).toBe('webhook.test');

      // Once the previous secret has expired, only the new one signs.
      await t.prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { previousSecretExpiresAt: new Date(Date.now() - 1000) } });
      await settled((await testDelivery(endpoint.id)).id);
      const last = crm.requests[crm.requests.length - 1];
      expect(String(last.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(() => verify(endpoint.secret, last)).toThrow();
      expect(verify(rotated.body.secret, last).type).toBe('webhook.test');
    });

    it('retries a slow receiver that answers after the timeout, with the same webhook-id', async () => {
      const crm = await receiver();
      crm.behaviour = ({ index }) => (index === 0 ? { status: 200, delayMs: 1_500 } : { status: 200 });
      const endpoint = await createEndpoint(crm.url);
      const delivery = await testDelivery(endpoint.id);
      const row = await settled(delivery.id);
      expect(row).toMatchObject({ status: 'succeeded', attempts: 2, lastStatusCode: 200 });
      await eventually(async () => crm.requests.length >= 2);
      expect(crm.requests.map((request) => request.headers['webhook-id'])).toEqual([delivery.eventId, delivery.eventId]);
      const detail = await getJson(t, auth, `/v1/webhook-deliveries/${delivery.id}`);
      expect(detail.body.attemptLog).toEqual([
        expect.objectContaining({ attempt: 1, statusCode: null, error: 'timed out after 300 ms' }),
        expect.objectContaining({ attempt: 2, statusCode: 200, error: null }),
      ]);
    });

    it('gives up after the schedule, keeps the last error, and a manual retry delivers it', async () => {
      const crm = await receiver();
      crm.behaviour = () => ({ status: 500 });
      const endpoint = await createEndpoint(crm.url);
      const delivery = await testDelivery(endpoint.id);
      const failed = await settled(delivery.id);
      expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500', lastResponseBody: 'answered 500', nextAttemptAt: null });
      expect((await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince).toBeInstanceOf(Date);

      crm.behaviour = () => ({ status: 204 });
      const retried = await postJson(t, auth, `/v1/webhook-deliveries/${delivery.id}/retry`);
      expect(retried.status).toBe(202);
      expect(retried.body).toMatchObject({ id: delivery.id, status: 'pending' });
      const done = await settled(delivery.id);
      expect(done).toMatchObject({ status: 'succeeded', attempts: 4, lastStatusCode: 204 });
      expect(crm.accepted(endpoint.secret).map((entry) => entry.id)).toEqual([delivery.eventId]);
      const detail = await getJson(t, auth, `/v1/webhook-deliveries/${delivery.id}`);
      expect(detail.status).toBe(200);
      expect(detail.body.attemptLog.map((a: Json) => [a.attempt, a.statusCode, a.error])).toEqual([
        [1, 500, 'HTTP 500'], [2, 500, 'HTTP 500'], [3, 500, 'HTTP 500'], [4, 204, null],
      ]);
      expect(detail.body.attemptLog.every((a: Json) => typeof a.latencyMs === 'number' && Date.parse(a.startedAt) > 0)).toBe(true);
      // A success ends the failing streak.
      expect((await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince).toBeNull();
      expect((await postJson(t, auth, '/v1/webhook-deliveries/00000000-0000-4000-8000-000000000000/retry')).status).toBe(404);
    });

    it('a 410 disables the endpoint, cancels what is pending and tells the account', async () => {
      const watcher = await receiver();
      const watching = await createEndpoint(watcher.url, { events: ['webhook_endpoint.disabled'] });
      const crm = await receiver();
      crm.behaviour = () => ({ status: 410 });
      const endpoint = await createEndpoint(crm.url);
      const delivery = await testDelivery(endpoint.id);
      expect(await settled(delivery.id)).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 410 });
      const view = await eventually(async () => {
        const answer = await getJson(t, auth, `/v1/webhook-endpoints/${endpoint.id}`);
        return !answer.body.enabled && answer.body;
      });
      expect(view).toMatchObject({ enabled: false, disabledReason: 'gone', disabledAt: expect.any(String) });
      expect((await postJson(t, auth, `/v1/webhook-deliveries/${delivery.id}/retry`)).status).toBe(409);

      await eventually(async () => watcher.deduped(watching.secret).size >= 1);
      const [notice] = watcher.ofType(watching.secret, 'webhook_endpoint.disabled');
      expect(notice.data).toEqual({ endpoint: { id: endpoint.id, url: crm.url, description: null, disabledAt: expect.any(String), disabledReason: 'gone' } });

      // Enabling again clears the disabled state.
      const enabled = await send('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { enabled: true });
      expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
    });

    it('disables an endpoint that keeps failing past the window (5 days by default)', async () => {
      const crm = await receiver();
      crm.behaviour = () => ({ status: 503 });
      const endpoint = await createEndpoint(crm.url);
      const pending = await testDelivery(endpoint.id);
      await settled(pending.id);
      // The streak started six days ago (the window is WEBHOOK_DISABLE_AFTER_HOURS, 120 h here).
      await t.prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { failingSince: new Date(Date.now() - 6 * 24 * 3600_000) } });
      const delivery = await testDelivery(endpoint.id);
      await settled(delivery.id);
      const view = (await getJson(t, auth, `/v1/webhook-endpoints/${endpoint.id}`)).body;
      expect(view).toMatchObject({ enabled: false, disabledReason: 'failing', disabledAt: expect.any(String) });
      expect((await deliveryRow(delivery.id)).status).toBe('cancelled');
    });

    it('refuses private, loopback and link-local targets unless WEBHOOK_ALLOW_PRIVATE_TARGETS, at create and at delivery', async () => {
      const crm = await receiver();
      const endpoint = await createEndpoint(crm.url);
      t.config.WEBHOOK_ALLOW_PRIVATE_TARGETS = false;
      try {
        for (const url of ['http://127.0.0.1:8080/hook', 'http://[::1]/hook', 'https://10.0.0.7/', 'http://169.254.169.254/latest/meta-data', 'http://localhost:9/']) {
          const answer = await postJson(t, auth, '/v1/webhook-endpoints', { url, events: ['message.sent'] });
          expect([url, answer.status]).toEqual([url, 400]);
          expect(answer.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(/^url: .* address; only public addresses may receive webhooks$/) });
        }
        // Already stored: the delivery checks again and does not connect.
        const delivery = await testDelivery(endpoint.id);
        const row = await eventually(async () => {
          const current = await deliveryRow(delivery.id);
          return current.attempts >= 1 && current.lastError ? current : null;
        });
        expect(row!.lastStatusCode).toBeNull();
        expect(row!.lastError).toContain('loopback address');
        expect(crm.requests).toHaveLength(0);
      } finally {
        t.config.WEBHOOK_ALLOW_PRIVATE_TARGETS = true;
      }
    });

    it('counts attempts by outcome in /metrics', async () => {
      const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
      expect(text).toMatch(/^smslinks_webhook_deliveries_total\{outcome="succeeded"\} [1-9]\d*$/m);
      expect(text).toMatch(/^smslinks_webhook_deliveries_total\{outcome="gone"\} 1$/m);
    });
  });
});
