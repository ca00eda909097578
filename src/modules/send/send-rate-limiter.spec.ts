import { overLimitDelayMs } from './send-rate-limiter.js';

describe('overLimitDelayMs', () => {
  it('waits for the next window when just over the limit', () => {
    // 10/s, 11th attempt in this window, 300 ms left in it.
    expect(overLimitDelayMs(300, 11, 10, 0)).toBe(300);
  });

  it('spreads a backlog over later windows instead of waking it all at once', () => {
    expect(overLimitDelayMs(300, 21, 10, 0)).toBe(1300);
    expect(overLimitDelayMs(300, 31, 10, 0)).toBe(2300);
  });

  it('adds up to 200 ms of jitter', () => {
    expect(overLimitDelayMs(300, 11, 10, 0.999)).toBe(499);
  });

  it('never returns a negative delay', () => {
    expect(overLimitDelayMs(-5, 11, 10, 0)).toBe(0);
  });
});
