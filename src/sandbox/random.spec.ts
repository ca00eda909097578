import { between, randomFor } from './random.js';

describe('randomFor', () => {
  it('repeats for a seed and key', () => {
    const a = randomFor('seed', 'key');
    const b = randomFor('seed', 'key');
    expect([a.next(), a.next(), a.hex(32)]).toEqual([b.next(), b.next(), b.hex(32)]);
  });

  it('stays in [0, 1) and yields hex of the asked length', () => {
    const random = randomFor('seed', 'range');
    for (let i = 0; i < 1000; i++) {
      const value = random.next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
    expect(random.hex(32)).toMatch(/^[0-9a-f]{32}$/);
    expect(random.hex(7)).toMatch(/^[0-9a-f]{7}$/);
  });

  it('is random without a seed', () => {
    expect(randomFor(undefined, 'k').hex(32)).not.toBe(randomFor(undefined, 'k').hex(32));
  });

  it('between() covers both ends of the range', () => {
    const random = randomFor('seed', 'between');
    const seen = new Set(Array.from({ length: 500 }, () => between(random, [3, 5])));
    expect([...seen].sort()).toEqual([3, 4, 5]);
    expect(between(random, [7, 7])).toBe(7);
  });
});
