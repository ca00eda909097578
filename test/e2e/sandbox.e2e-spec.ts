import { SMS_PROVIDER, SmsProviderError, type SmsProvider } from '../../src/modules/sms-provider/sms-provider.js';
import { FAST_SANDBOX_OPTIONS, startWebhookReceiver, type WebhookReceiver } from '../utils/sandbox.js';
import { createTestApp, eventually, type TestApp } from '../utils/test-app.js';

const FROM = '+15005550006';
const SERVICE = 'MG0123456789abcdef0123456789abcdef';

/** What a rejected send threw, so tests can assert on code and flags. */
async function rejectionOf(promise: Promise<unknown>): Promise<SmsProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SmsProviderError);
    return error as SmsProviderError;
  }
  throw new Error('expected the send to be rejected');
}

describe('Twilio sandbox and TwilioSmsProvider (e2e)', () => {
  let t: TestApp;
  let provider: SmsProvider;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await createTestApp('sandbox');
    provider = t.app.get<SmsProvider>(SMS_PROVIDER);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });
  beforeEach(() => {
    t.sandbox.reset();
    const { port: _port, host: _host, ...behaviour } = FAST_SANDBOX_OPTIONS;
    t.sandbox.configure({ ...behaviour, webhookProxy: undefined });
    receiver.requests.length = 0;
    receiver.respondWith(200);
  });

  /**
   * Waits until the receiver holds at least `count` requests (for one message
   * when a sid is given: posts of earlier tests may still be on the wire).
   */
  const received = async (count: number, messageSid?: string) => {
    const matching = () => receiver.requests.filter((r) => !messageSid || r.params.MessageSid === messageSid);
    await eventually(async () => matching().length >= count);
    return matching();
  };

  const send = (to: string, overrides: { sender?: string; body?: string } = {}) =>
    provider.send({ to, sender: overrides.sender ?? FROM, body: overrides.body ?? 'Hello from the sandbox', statusCallback: `${receiver.url}/status?tenant=1` });

  it('sends through the real SDK to the sandbox and gets an SM sid', async () => {
    const accepted = await send('+14155550100');
    expect(accepted.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(accepted.status).toBe('queued');
    expect(t.sandbox.messages()).toEqual([
      expect.objectContaining({
        sid: accepted.sid,
        to: '+14155550100',
        from: FROM,
        messagingServiceSid: null,
        body: 'Hello from the sandbox',
        statusCallback: `${receiver.url}/status?tenant=1`,
        dateCreated: expect.any(Date),
      }),
    ]);
  });

  it('sends through a Messaging Service: accepted, then sent from a pool number', async () => {
    const accepted = await send('+14155550101', { sender: SERVICE });
    expect(accepted.status).toBe('accepted');
    const [message] = t.sandbox.messages();
    // Its `from` is null until the `sent` callback picks a pool number, which may already have happened here.
    expect(message).toMatchObject({ sid: accepted.sid, messagingServiceSid: SERVICE });
    await eventually(async () => t.sandbox.messages()[0].status === 'delivered');
    expect(t.sandbox.messages()[0].from).toBe(FAST_SANDBOX_OPTIONS.messagingServiceNumbers?.[0] ?? '+15005550006');
  });

  it.each([
    ['+15005550001', 21211],
    ['+15005550002', 21612],
    ['+15005550003', 21408],
    ['+15005550004', 21610],
    ['+15005550009', 21614],
  ])('maps the magic number %s to a permanent SmsProviderError %i', async (to, code) => {
    const error = await rejectionOf(send(to));
    expect(error).toMatchObject({ code, httpStatus: 400, retryable: false, mayHaveBeenAccepted: false });
    expect(t.sandbox.messages()).toHaveLength(0);
  });

  it('validates like Twilio: bad To, missing or oversized body', async () => {
    expect(await rejectionOf(send('0612345678'))).toMatchObject({ code: 21211, httpStatus: 400, retryable: false });
    expect(await rejectionOf(send('+14155550102', { body: '' }))).toMatchObject({ code: 21602, retryable: false });
    expect(await rejectionOf(send('+14155550102', { body: 'x'.repeat(1601) }))).toMatchObject({ code: 21617, retryable: false });
    expect(await rejectionOf(send('+14155550102', { sender: 'MGnot-a-sid' }))).toMatchObject({ code: 21705, retryable: false });
    await expect(send('+14155550102', { body: 'x'.repeat(1600) })).resolves.toMatchObject({ sid: expect.any(String) });
  });

  it('refuses wrong credentials with 401 / 20003, not retryable', async () => {
    t.sandbox.configure({ authToken: 'another-token' });
    try {
      expect(await rejectionOf(send('+14155550103'))).toMatchObject({ code: 20003, httpStatus: 401, retryable: false });
    } finally {
      t.sandbox.configure({ authToken: t.config.TWILIO_AUTH_TOKEN });
    }
  });

  it('turns injected 503, 429/20429 and dropped connections into retryable errors, then recovers', async () => {
    t.sandbox.failNext(1, { httpStatus: 503 });
    expect(await rejectionOf(send('+14155550104'))).toMatchObject({ httpStatus: 503, retryable: true, mayHaveBeenAccepted: false });
    t.sandbox.failNext(1, { httpStatus: 429, code: 20429 });
    expect(await rejectionOf(send('+14155550104'))).toMatchObject({ httpStatus: 429, code: 20429, retryable: true });
    t.sandbox.failNext(1, { mode: 'disconnect' });
    expect(await rejectionOf(send('+14155550104'))).toMatchObject({ httpStatus: undefined, code: undefined, retryable: true });
    expect(t.sandbox.messages()).toHaveLength(0);
    await expect(send('+14155550104')).resolves.toMatchObject({ sid: expect.stringMatching(/^SM/) });
    expect(t.sandbox.messages()).toHaveLength(1);
  });

  it('accept-then-disconnect leaves a message at Twilio that findRecent recovers', async () => {
    const since = new Date(Date.now() - 1000);
    t.sandbox.failNext(1, { mode: 'accept-then-disconnect' });
    const error = await rejectionOf(send('+14155550105'));
    expect(error).toMatchObject({ retryable: true, mayHaveBeenAccepted: true });
    const [stored] = t.sandbox.messages();
    const found = await provider.findRecent({ to: '+14155550105', sender: FROM, since });
    expect(found.map((m) => m.sid)).toEqual([stored.sid]);
  });

  it('findRecent filters by recipient, sender or Messaging Service, and time', async () => {
    const since = new Date(Date.now() - 1000);
    const direct = await send('+14155550106');
    const viaService = await send('+14155550106', { sender: SERVICE });
    await send('+14155550107');
    const byNumber = await provider.findRecent({ to: '+14155550106', sender: FROM, since });
    expect(byNumber).toEqual([
      expect.objectContaining({ sid: direct.sid, to: '+14155550106', from: FROM, body: 'Hello from the sandbox', dateCreated: expect.any(Date) }),
    ]);
    const byService = await provider.findRecent({ to: '+14155550106', sender: SERVICE, since });
    expect(byService.map((m) => m.sid)).toEqual([viaService.sid]);
    const future = await provider.findRecent({ to: '+14155550106', sender: FROM, since: new Date(Date.now() + 60_000) });
    expect(future).toEqual([]);
  });

  it('posts signed sent and delivered callbacks that isValidSignature accepts, and refuses tampering', async () => {
    const accepted = await send('+14155550108');
    const callbacks = await received(2, accepted.sid);
    expect(callbacks.map((c) => c.params.MessageStatus)).toEqual(['sent', 'delivered']);
    for (const callback of callbacks) {
      expect(callback.url).toBe(`${receiver.url}/status?tenant=1`);
      expect(callback.params).toMatchObject({ MessageSid: accepted.sid, SmsSid: accepted.sid, To: '+14155550108', From: FROM, AccountSid: t.config.TWILIO_ACCOUNT_SID, ApiVersion: '2010-04-01' });
      const signature = callback.headers['x-twilio-signature'] as string;
      expect(provider.isValidSignature(signature, callback.url, callback.params)).toBe(true);
      expect(provider.isValidSignature(signature, callback.url, { ...callback.params, MessageStatus: 'failed' })).toBe(false);
      expect(provider.isValidSignature(signature, `${receiver.url}/other`, callback.params)).toBe(false);
      expect(provider.isValidSignature(undefined, callback.url, callback.params)).toBe(false);
    }
    expect(t.sandbox.messages()[0].status).toBe('delivered');
  });

  it('reports failures with an ErrorCode, out of order when configured', async () => {
    t.sandbox.configure({ undeliveredRate: 1, outOfOrderRate: 1 });
    const undelivered = await send('+14155550109');
    const callbacks = await received(2, undelivered.sid);
    expect(callbacks.map((c) => c.params.MessageStatus)).toEqual(['undelivered', 'sent']);
    expect(['30003', '30005', '30006', '30007']).toContain(callbacks[0].params.ErrorCode);
    // A late `sent` does not move the sandbox's own record off its final status.
    expect(t.sandbox.messages()[0]).toMatchObject({ status: 'undelivered', errorCode: Number(callbacks[0].params.ErrorCode) });

    receiver.requests.length = 0;
    t.sandbox.configure({ undeliveredRate: 0, failedRate: 1, outOfOrderRate: 0 });
    const failing = await send('+14155550110');
    const [failed] = await received(1, failing.sid);
    expect(failed.params).toMatchObject({ MessageStatus: 'failed', ErrorCode: expect.stringMatching(/^300\d\d$/) });
  });

  it('signs for the public URL when a proxy delivers callbacks elsewhere', async () => {
    t.sandbox.configure({ webhookProxy: { publicBaseUrl: 'https://public.example.com', targetBaseUrl: receiver.url } });
    const proxied = await provider.send({ to: '+14155550114', sender: FROM, body: 'Hi', statusCallback: 'https://public.example.com/webhooks/twilio/status' });
    const [callback] = await received(1, proxied.sid);
    expect(callback.url).toBe(`${receiver.url}/webhooks/twilio/status`);
    const signature = callback.headers['x-twilio-signature'] as string;
    expect(provider.isValidSignature(signature, 'https://public.example.com/webhooks/twilio/status', callback.params)).toBe(true);
    expect(provider.isValidSignature(signature, callback.url, callback.params)).toBe(false);
  });

  it('retries a callback the app answers with 500', async () => {
    receiver.respondWith(500);
    t.sandbox.configure({ callbackRetries: 2, callbackRetryDelayMs: 10 });
    const retried = await send('+14155550111');
    await received(6, retried.sid);
    const attempts = t.sandbox.callbacks().filter((c) => c.messageSid === retried.sid && c.status === 'sent');
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(attempts.every((a) => a.responseStatus === 500)).toBe(true);
  });

  it('delivers a signed inbound SMS and returns the answer', async () => {
    t.sandbox.setInboundWebhookUrl(`${receiver.url}/inbound`);
    try {
      const answer = await t.sandbox.deliverInbound({ from: '+14155550112', to: FROM, body: 'STOP' });
      expect(answer.status).toBe(200);
      const inbound = receiver.requests.find((r) => r.url.endsWith('/inbound'))!;
      expect(inbound.params).toMatchObject({ From: '+14155550112', To: FROM, Body: 'STOP', SmsStatus: 'received', MessageSid: expect.stringMatching(/^SM/) });
      expect(provider.isValidSignature(inbound.headers['x-twilio-signature'] as string, inbound.url, inbound.params)).toBe(true);
      expect(t.sandbox.inboundMessages()).toHaveLength(1);
    } finally {
      t.sandbox.setInboundWebhookUrl(`${t.baseUrl}/webhooks/twilio/inbound`);
    }
  });

  it('targets the app under test for inbound SMS', () => {
    expect(t.sandbox.options.inboundWebhookUrl).toBe(`${t.baseUrl}/webhooks/twilio/inbound`);
    expect(t.config.TWILIO_API_BASE_URL).toBe(t.sandbox.url);
  });

  it('offers the same control over HTTP', async () => {
    await send('+14155550113');
    const listed = (await (await fetch(`${t.sandbox.url}/sandbox/messages?to=%2B14155550113`)).json()) as { messages: { to: string }[] };
    expect(listed.messages.map((m) => m.to)).toEqual(['+14155550113']);

    const failNext = await fetch(`${t.sandbox.url}/sandbox/fail-next`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 1, httpStatus: 500 }),
    });
    expect(failNext.status).toBe(200);
    expect(await rejectionOf(send('+14155550113'))).toMatchObject({ httpStatus: 500, retryable: true });

    const config = await fetch(`${t.sandbox.url}/sandbox/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ failedRate: 2 }),
    });
    expect(config.status).toBe(400);

    expect((await fetch(`${t.sandbox.url}/sandbox/messages`, { method: 'DELETE' })).status).toBe(200);
    expect(t.sandbox.messages()).toHaveLength(0);
  });
});
