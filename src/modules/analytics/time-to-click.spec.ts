import { durationLabel, timeToClickHistogram } from './time-to-click.js';

describe('durationLabel', () => {
  it.each([
    [30, '30 s'],
    [59.5, '59.5 s'],
    [60, '1 min'],
    [90, '1.5 min'],
    [3600, '1 h'],
    [5400, '1.5 h'],
    [86_400, '1 d'],
    [172_800, '2 d'],
  ])('%d s reads %s', (seconds, label) => expect(durationLabel(seconds)).toBe(label));
});

describe('timeToClickHistogram', () => {
  it('lays out every bucket of the bounds, open at both ends, zeros included', () => {
    const buckets = timeToClickHistogram([], [60, 300], ['A', 'B']);
    expect(buckets.map((b) => [b.fromSeconds, b.toSeconds, b.label])).toEqual([
      [null, 60, '< 1 min'],
      [60, 300, '1 min – 5 min'],
      [300, null, '≥ 5 min'],
    ]);
    expect(buckets.every((b) => b.messages === 0 && b.byVariant.A === 0 && b.byVariant.B === 0)).toBe(true);
  });

  it('adds each variant count to its bucket and to the bucket total', () => {
    const buckets = timeToClickHistogram(
      [
        { variant: 'A', bucket: 0, messages: 2 },
        { variant: 'B', bucket: 0, messages: 1 },
        { variant: 'B', bucket: 2, messages: 4 },
      ],
      [60, 300],
      ['A', 'B'],
    );
    expect(buckets.map((b) => b.messages)).toEqual([3, 0, 4]);
    expect(buckets[0].byVariant).toEqual({ A: 2, B: 1 });
    expect(buckets[2].byVariant).toEqual({ A: 0, B: 4 });
  });

  it('keeps a variant no longer in the definition rather than dropping its clicks', () => {
    const buckets = timeToClickHistogram([{ variant: 'old', bucket: 1, messages: 1 }], [60], ['A']);
    expect(buckets[1]).toMatchObject({ messages: 1, byVariant: { A: 0, old: 1 } });
  });
});
