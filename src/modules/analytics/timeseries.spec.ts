import { filledSeries } from './timeseries.js';

const row = (iso: string, deliveries: number) => ({ bucket: new Date(iso), deliveries, humanClicks: 0, uniqueClicks: 0, botClicks: 0 });

describe('filledSeries', () => {
  it('fills the hours between the first and the last bucket with zeros', () => {
    const points = filledSeries([row('2026-03-01T10:00:00Z', 4), row('2026-03-01T13:00:00Z', 1)], 'hour', 'UTC');
    expect(points.map((p) => [p.bucket, p.deliveries])).toEqual([
      ['2026-03-01T10:00:00.000Z', 4], ['2026-03-01T11:00:00.000Z', 0], ['2026-03-01T12:00:00.000Z', 0], ['2026-03-01T13:00:00.000Z', 1],
    ]);
  });

  it("steps calendar days of the account's zone across a DST change (a 23-hour day)", () => {
    // New York springs forward on 2026-03-08: local midnights are 05:00Z before, 04:00Z after.
    const points = filledSeries([row('2026-03-07T05:00:00Z', 1), row('2026-03-09T04:00:00Z', 2)], 'day', 'America/New_York');
    expect(points.map((p) => [p.bucket, p.deliveries])).toEqual([
      ['2026-03-07T00:00:00.000-05:00', 1], ['2026-03-08T00:00:00.000-05:00', 0], ['2026-03-09T00:00:00.000-04:00', 2],
    ]);
  });

  it('is empty without rows', () => {
    expect(filledSeries([], 'day', 'UTC')).toEqual([]);
  });
});
