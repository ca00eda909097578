import { FAILED_ERROR_CODES, planCallbacks, UNDELIVERED_ERROR_CODES } from './callback-plan.js';
import { randomFor } from './random.js';

const base = { sentDelayMs: [10, 20] as [number, number], finalDelayMs: [30, 40] as [number, number], undeliveredRate: 0, failedRate: 0, outOfOrderRate: 0 };

describe('planCallbacks', () => {
  it('delivers by default: sent, then delivered, within the configured delays', () => {
    const plan = planCallbacks(randomFor('s', 'k'), base);
    expect(plan.map((p) => p.status)).toEqual(['sent', 'delivered']);
    expect(plan[0].atMs).toBeGreaterThanOrEqual(10);
    expect(plan[0].atMs).toBeLessThanOrEqual(20);
    expect(plan[1].atMs - plan[0].atMs).toBeGreaterThanOrEqual(30);
    expect(plan[1].atMs - plan[0].atMs).toBeLessThanOrEqual(40);
  });

  it('ends undelivered with a carrier error code', () => {
    const plan = planCallbacks(randomFor('s', 'k'), { ...base, undeliveredRate: 1 });
    expect(plan.map((p) => p.status)).toEqual(['sent', 'undelivered']);
    expect(UNDELIVERED_ERROR_CODES).toContain(plan[1].errorCode);
  });

  it('fails without a sent callback, with an error code', () => {
    const plan = planCallbacks(randomFor('s', 'k'), { ...base, failedRate: 1 });
    expect(plan).toHaveLength(1);
    expect(plan[0].status).toBe('failed');
    expect(FAILED_ERROR_CODES).toContain(plan[0].errorCode);
  });

  it('posts the final status before sent when out of order', () => {
    const plan = planCallbacks(randomFor('s', 'k'), { ...base, outOfOrderRate: 1 });
    expect(plan.map((p) => p.status)).toEqual(['delivered', 'sent']);
    expect(plan[0].atMs).toBeLessThan(plan[1].atMs);
  });

  it('repeats exactly for the same seed and key, and differs across keys', () => {
    const options = { ...base, undeliveredRate: 0.3, failedRate: 0.2, outOfOrderRate: 0.5 };
    const run = (seed: string) => Array.from({ length: 50 }, (_, i) => planCallbacks(randomFor(seed, `+1415555${i}|0`), options));
    expect(run('seed-a')).toEqual(run('seed-a'));
    expect(run('seed-a')).not.toEqual(run('seed-b'));
  });

  it('honours the rates over many messages', () => {
    const options = { ...base, undeliveredRate: 0.3, failedRate: 0.1 };
    const finals = Array.from({ length: 4000 }, (_, i) => planCallbacks(randomFor('rates', String(i)), options).at(-1)!.status);
    const share = (status: string) => finals.filter((s) => s === status).length / finals.length;
    expect(share('undelivered')).toBeCloseTo(0.3, 1);
    expect(share('failed')).toBeCloseTo(0.1, 1);
    expect(share('delivered')).toBeCloseTo(0.6, 1);
  });
});
