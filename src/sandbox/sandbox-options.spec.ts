import { DEFAULT_SANDBOX_OPTIONS, mergeOptions, optionsFromEnv } from './sandbox-options.js';

describe('sandbox options', () => {
  it('merges updates and ignores undefined values', () => {
    const merged = mergeOptions(DEFAULT_SANDBOX_OPTIONS, { undeliveredRate: 0.2, sentDelayMs: [1, 2] });
    expect(merged).toMatchObject({ undeliveredRate: 0.2, sentDelayMs: [1, 2], port: 3099 });
  });

  it('clears optional settings given as undefined or null, keeps required ones', () => {
    const seeded = mergeOptions(DEFAULT_SANDBOX_OPTIONS, { seed: 'x', inboundWebhookUrl: 'http://h/in' });
    expect(mergeOptions(seeded, { seed: undefined, port: undefined })).toMatchObject({ seed: undefined, port: 3099, inboundWebhookUrl: 'http://h/in' });
    expect(mergeOptions(seeded, { inboundWebhookUrl: null } as never).inboundWebhookUrl).toBeUndefined();
  });

  it.each([
    [{ failedRate: 1.5 }, /failedRate/],
    [{ undeliveredRate: 0.6, failedRate: 0.6 }, /must not exceed 1/],
    [{ sentDelayMs: [5, 1] as [number, number] }, /sentDelayMs/],
    [{ callbackRetries: -1 }, /callbackRetries/],
    [{ messagingServiceNumbers: [] }, /messagingServiceNumbers/],
    [{ nope: 1 } as never, /Unknown sandbox option: nope/],
  ])('refuses %j', (update, message) => {
    expect(() => mergeOptions(DEFAULT_SANDBOX_OPTIONS, update)).toThrow(message);
  });

  it('reads SANDBOX_* and TWILIO_* environment variables', () => {
    const options = optionsFromEnv({
      SANDBOX_PORT: '4000',
      TWILIO_AUTH_TOKEN: 'tok',
      SANDBOX_SENT_DELAY_MS: '10-20',
      SANDBOX_FINAL_DELAY_MS: '50',
      SANDBOX_UNDELIVERED_RATE: '0.1',
      SANDBOX_SEED: 'demo',
      SANDBOX_MESSAGING_SERVICE_NUMBERS: '+15005550006, +15005550007',
    });
    expect(mergeOptions(DEFAULT_SANDBOX_OPTIONS, options)).toMatchObject({
      port: 4000,
      authToken: 'tok',
      sentDelayMs: [10, 20],
      finalDelayMs: [50, 50],
      undeliveredRate: 0.1,
      seed: 'demo',
      messagingServiceNumbers: ['+15005550006', '+15005550007'],
      accountSid: DEFAULT_SANDBOX_OPTIONS.accountSid,
    });
  });
});
