import { ConfigValidationError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('works with no environment at all', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.SENDER_MPS).toBe(10);
    expect(config.WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(config.runsHttp && config.runsWorkers).toBe(true);
  });

  it('converts numbers and booleans from strings', () => {
    const config = loadConfig({ PORT: '8080', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', APP_ROLE: 'worker' });
    expect(config.PORT).toBe(8080);
    expect(config.WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(true);
    expect(config.runsHttp).toBe(false);
  });

  it('names every bad variable', () => {
    const load = () => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', DEFAULT_COUNTRY: 'usa' });
    expect(load).toThrow(ConfigValidationError);
    for (const name of ['PORT', 'DATABASE_URL', 'DEFAULT_COUNTRY']) expect(load).toThrow(name);
  });

  it('reads TRUST_PROXY as a flag, a hop count or a list', () => {
    const byDefault = loadConfig({}).trustProxy as (address: string, hop: number) => boolean;
    expect([byDefault('127.0.0.1', 0), byDefault('10.0.0.2', 1), byDefault('8.8.8.8', 0)]).toEqual([true, true, false]);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    const twoHops = loadConfig({ TRUST_PROXY: '2' }).trustProxy as (address: string, hop: number) => boolean;
    expect([twoHops('10.0.0.1', 0), twoHops('10.0.0.1', 1), twoHops('10.0.0.1', 2)]).toEqual([true, true, false]);
    const listed = loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy as (address: string, hop: number) => boolean;
    expect([listed('10.9.9.9', 0), listed('127.0.0.1', 0), listed('127.0.0.2', 0)]).toEqual([true, true, false]);
    expect(() => loadConfig({ TRUST_PROXY: 'a;b' })).toThrow('TRUST_PROXY');
    expect(() => loadConfig({ TRUST_PROXY: 'loopback,proxy.internal' })).toThrow(ConfigValidationError);
  });

  it('reads the webhook retry schedule and refuses one that is not a list of durations', () => {
    expect(loadConfig({}).webhookRetryScheduleMs).toHaveLength(12);
    expect(loadConfig({ WEBHOOK_RETRY_SCHEDULE: '0, 200ms, 1s' }).webhookRetryScheduleMs).toEqual([0, 200, 1000]);
    expect(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE: '0,soon' })).toThrow('WEBHOOK_RETRY_SCHEDULE');
    expect(() => loadConfig({ WEBHOOK_TIMEOUT_MS: '10', WEBHOOK_DISABLE_AFTER_HOURS: '-1' })).toThrow(/WEBHOOK_TIMEOUT_MS[\s\S]*WEBHOOK_DISABLE_AFTER_HOURS/);
  });

  it('runs only the redirect in the redirect role', () => {
    const config = loadConfig({ APP_ROLE: 'redirect' });
    expect([config.runsHttp, config.runsApi, config.runsWorkers]).toEqual([true, false, false]);
  });
});
