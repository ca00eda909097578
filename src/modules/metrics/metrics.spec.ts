import { routeLabel } from './http-metrics.hook.js';
import { toQueueDepth } from './queue-stats.service.js';
import { withTimeout } from './timeout.js';

describe('routeLabel', () => {
  it('uses the route pattern so ids never become labels', () => {
    expect(routeLabel('/v1/campaigns/:id')).toBe('/v1/campaigns/:id');
  });

  it('groups unmatched requests under one label', () => {
    expect(routeLabel(undefined)).toBe('unmatched');
    expect(routeLabel('')).toBe('unmatched');
  });
});

describe('toQueueDepth', () => {
  it('reports all four states, counting prioritized jobs as waiting', () => {
    expect(toQueueDepth({ waiting: 3, prioritized: 2, active: 1, delayed: 4, failed: 5, completed: 99 })).toEqual({
      waiting: 5,
      active: 1,
      delayed: 4,
      failed: 5,
    });
  });

  it('fills missing states with zero and accepts BullMQ\'s `wait` spelling', () => {
    expect(toQueueDepth({ wait: 7 })).toEqual({ waiting: 7, active: 0, delayed: 0, failed: 0 });
  });
});

describe('withTimeout', () => {
  it('returns the value of a promise that settles in time', async () => {
    await expect(withTimeout(Promise.resolve(42), 1_000, 'answer')).resolves.toBe(42);
  });

  it('rejects naming what did not answer', async () => {
    await expect(withTimeout(new Promise(() => undefined), 10, 'queue send')).rejects.toThrow('queue send did not answer within 10 ms');
  });

  it('passes the original rejection through', async () => {
    await expect(withTimeout(Promise.reject(new Error('boom')), 1_000, 'x')).rejects.toThrow('boom');
  });
});
