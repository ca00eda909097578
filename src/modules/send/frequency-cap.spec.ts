import { capReason, effectiveSendWindow, hasCap } from './frequency-cap.js';

describe('capReason', () => {
  const cap = { per24Hours: 2, per7Days: 5 };

  it('lets a message go while both windows are under their cap', () => {
    expect(capReason({ last24Hours: 1, last7Days: 4 }, cap)).toBeNull();
    expect(capReason({ last24Hours: 0, last7Days: 0 }, cap)).toBeNull();
  });

  it('skips at the cap, not only above it', () => {
    expect(capReason({ last24Hours: 2, last7Days: 2 }, cap)).toBe('frequency_cap_24h');
    expect(capReason({ last24Hours: 0, last7Days: 5 }, cap)).toBe('frequency_cap_7d');
    expect(capReason({ last24Hours: 7, last7Days: 9 }, cap)).toBe('frequency_cap_24h');
  });

  it('ignores a window whose cap is off', () => {
    expect(capReason({ last24Hours: 100, last7Days: 4 }, { per24Hours: null, per7Days: 5 })).toBeNull();
    expect(capReason({ last24Hours: 1, last7Days: 100 }, { per24Hours: 2, per7Days: null })).toBeNull();
    expect(capReason({ last24Hours: 100, last7Days: 100 }, { per24Hours: null, per7Days: null })).toBeNull();
  });

  it('knows when there is no cap at all', () => {
    expect(hasCap({ per24Hours: null, per7Days: null })).toBe(false);
    expect(hasCap({ per24Hours: 3, per7Days: null })).toBe(true);
    expect(hasCap({ per24Hours: null, per7Days: 10 })).toBe(true);
  });
});

describe('effectiveSendWindow', () => {
  const account = { start: '09:00', end: '20:00' };
  const own = { start: '10:00', end: '18:00' };

  it("prefers the campaign's own window", () => {
    expect(effectiveSendWindow({ quietHours: own, inheritQuietHours: true }, account)).toEqual(own);
    expect(effectiveSendWindow({ quietHours: own, inheritQuietHours: false }, account)).toEqual(own);
  });

  it("falls back to the account's window when the campaign set none", () => {
    expect(effectiveSendWindow({ quietHours: null, inheritQuietHours: true }, account)).toEqual(account);
    expect(effectiveSendWindow({ quietHours: null, inheritQuietHours: true }, null)).toBeNull();
  });

  it('never holds a campaign that opted out with quietHours: null', () => {
    expect(effectiveSendWindow({ quietHours: null, inheritQuietHours: false }, account)).toBeNull();
  });

  it('treats a malformed stored window as none', () => {
    expect(effectiveSendWindow({ quietHours: { start: '9' }, inheritQuietHours: true }, account)).toEqual(account);
    expect(effectiveSendWindow({ quietHours: null, inheritQuietHours: true }, { start: 'x', end: 'y' })).toBeNull();
  });
});
