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
});
