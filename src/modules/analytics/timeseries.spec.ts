import { filledSeries, localBuckets } from './timeseries.js';

const quarter = (iso: string, deliveries: number, humanClicks = 0) => ({ start: new Date(iso), deliveries, humanClicks, uniqueClicks: 0, botClicks: 0 });

describe('localBuckets', () => {
  it('adds quarter hours into the local hours of a zone offset by 5:30 (Kolkata)', () => {
    // 10:15Z and 10:45Z are 15:45 and 16:15 in Kolkata: two local hours.
    const buckets = localBuckets([quarter('2026-03-01T10:15:00Z', 1), quarter('2026-03-01T10:30:00Z', 2), quarter('2026-03-01T10:45:00Z', 4)], 'hour', 'Asia/Kolkata');
    expect([...buckets].map(([start, c]) => [new Date(start).toISOString(), c.deliveries])).toEqual([
      ['2026-03-01T09:30:00.000Z', 1],
      ['2026-03-01T10:30:00.000Z', 6],
    ]);
  });

  it('adds every counter', () => {
    const buckets = localBuckets([quarter('2026-03-01T10:00:00Z', 1, 3), quarter('2026-03-01T10:15:00Z', 2, 5)], 'day', 'UTC');
    expect([...buckets.values()]).toEqual([{ deliveries: 3, humanClicks: 8, uniqueClicks: 0, botClicks: 0 }]);
  });
});

describe('filledSeries', () => {
  it('fills the hours between the first and the last bucket with zeros', () => {
    const points = filledSeries([quarter('2026-03-01T10:00:00Z', 4), quarter('2026-03-01T13:45:00Z', 1)], 'hour', 'UTC');
    expect(points.map((p) => [p.bucket, p.deliveries])).toEqual([
      ['2026-03-01T10:00:00.000Z', 4], ['2026-03-01T11:00:00.000Z', 0], ['2026-03-01T12:00:00.000Z', 0], ['2026-03-01T13:00:00.000Z', 1],
    ]);
  });

  it("steps calendar days of the account's zone across a DST change (a 23-hour day)", () => {
    // New York springs forward on 2026-03-08: local midnights are 05:00Z before, 04:00Z after.
    const points = filledSeries([quarter('2026-03-07T05:00:00Z', 1), quarter('2026-03-09T04:00:00Z', 2)], 'day', 'America/New_York');
    expect(points.map((p) => [p.bucket, p.deliveries])).toEqual([
      ['2026-03-07T00:00:00.000-05:00', 1], ['2026-03-08T00:00:00.000-05:00', 0], ['2026-03-09T00:00:00.000-04:00', 2],
    ]);
  });

  it('puts a quarter hour just before local midnight in the day before', () => {
    const points = filledSeries([quarter('2026-03-02T04:45:00Z', 1)], 'day', 'America/New_York');
    expect(points).toEqual([{ bucket: '2026-03-01T00:00:00.000-05:00', deliveries: 1, humanClicks: 0, uniqueClicks: 0, botClicks: 0 }]);
  });

  it('is empty without rows', () => {
    expect(filledSeries([], 'day', 'UTC')).toEqual([]);
  });
});
