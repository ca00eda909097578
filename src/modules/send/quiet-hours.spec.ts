import { isInsideWindow, nextAllowedTime, nextWindowStart, parseSendWindow } from './quiet-hours.js';
import { zonesForRecipient } from './phone-zone.js';

const at = (iso: string) => new Date(iso);
const DAY = { start: '08:00', end: '21:00' };
const NIGHT = { start: '22:00', end: '06:00' };

describe('parseSendWindow', () => {
  it('accepts HH:MM pairs and rejects the rest', () => {
    expect(parseSendWindow({ start: '08:00', end: '21:00' })).toEqual(DAY);
    expect(parseSendWindow({ start: '8:00', end: '21:00' })).toBeNull();
    expect(parseSendWindow({ start: '08:00', end: '24:00' })).toBeNull();
    expect(parseSendWindow(null)).toBeNull();
    expect(parseSendWindow('08:00-21:00')).toBeNull();
  });
});

describe('isInsideWindow', () => {
  it('includes the start and excludes the end', () => {
    expect(isInsideWindow(at('2026-03-02T08:00:00Z'), DAY, 'UTC')).toBe(true);
    expect(isInsideWindow(at('2026-03-02T20:59:59Z'), DAY, 'UTC')).toBe(true);
    expect(isInsideWindow(at('2026-03-02T21:00:00Z'), DAY, 'UTC')).toBe(false);
    expect(isInsideWindow(at('2026-03-02T07:59:00Z'), DAY, 'UTC')).toBe(false);
  });

  it('handles windows crossing midnight', () => {
    expect(isInsideWindow(at('2026-03-02T23:30:00Z'), NIGHT, 'UTC')).toBe(true);
    expect(isInsideWindow(at('2026-03-02T05:59:00Z'), NIGHT, 'UTC')).toBe(true);
    expect(isInsideWindow(at('2026-03-02T12:00:00Z'), NIGHT, 'UTC')).toBe(false);
  });

  it('reads the time in the given zone', () => {
    // 13:00 UTC = 08:00 in New York (EST, UTC-5) in January.
    expect(isInsideWindow(at('2026-01-15T13:00:00Z'), DAY, 'America/New_York')).toBe(true);
    expect(isInsideWindow(at('2026-01-15T12:59:00Z'), DAY, 'America/New_York')).toBe(false);
  });

  it('treats start = end as all day', () => {
    expect(isInsideWindow(at('2026-03-02T03:00:00Z'), { start: '09:00', end: '09:00' }, 'UTC')).toBe(true);
  });
});

describe('nextWindowStart', () => {
  it('is later today before the window and tomorrow after it', () => {
    expect(nextWindowStart(at('2026-03-02T05:00:00Z'), DAY, 'UTC')).toEqual(at('2026-03-02T08:00:00Z'));
    expect(nextWindowStart(at('2026-03-02T22:00:00Z'), DAY, 'UTC')).toEqual(at('2026-03-03T08:00:00Z'));
  });

  it('uses the local offset of the target day across a DST change', () => {
    // New York springs forward on 2026-03-08: 08:00 is UTC-5 on the 7th, UTC-4 on the 8th.
    expect(nextWindowStart(at('2026-03-08T03:00:00Z'), DAY, 'America/New_York')).toEqual(at('2026-03-08T12:00:00Z'));
    // Falls back on 2026-11-01: 08:00 is UTC-5 that day.
    expect(nextWindowStart(at('2026-11-01T04:00:00Z'), DAY, 'America/New_York')).toEqual(at('2026-11-01T13:00:00Z'));
  });

  it('moves a start inside the skipped DST hour to the first valid instant', () => {
    // 02:30 does not exist in New York on 2026-03-08; 03:00 EDT = 07:00 UTC or later is acceptable, never before 2:00 EST.
    const start = nextWindowStart(at('2026-03-08T05:00:00Z'), { start: '02:30', end: '05:00' }, 'America/New_York');
    expect(start.getTime()).toBeGreaterThanOrEqual(at('2026-03-08T07:00:00Z').getTime());
    expect(start.getTime()).toBeLessThanOrEqual(at('2026-03-08T07:30:00Z').getTime());
  });
});

describe('nextAllowedTime', () => {
  it('is null inside the window or without one', () => {
    expect(nextAllowedTime(at('2026-03-02T12:00:00Z'), DAY, ['UTC'])).toBeNull();
    expect(nextAllowedTime(at('2026-03-02T03:00:00Z'), null, ['UTC'])).toBeNull();
  });

  it('waits for the next window start', () => {
    expect(nextAllowedTime(at('2026-03-02T21:30:00Z'), DAY, ['UTC'])).toEqual(at('2026-03-03T08:00:00Z'));
    expect(nextAllowedTime(at('2026-03-02T12:00:00Z'), NIGHT, ['UTC'])).toEqual(at('2026-03-02T22:00:00Z'));
  });

  it('requires every zone of a multi-zone country to be inside the window', () => {
    // 13:00 UTC in January = 08:00 New York but 05:00 Los Angeles: wait until 08:00 Los Angeles = 16:00 UTC.
    const zones = ['America/New_York', 'America/Los_Angeles'];
    expect(nextAllowedTime(at('2026-01-15T13:00:00Z'), DAY, zones)).toEqual(at('2026-01-15T16:00:00Z'));
    expect(nextAllowedTime(at('2026-01-15T17:00:00Z'), DAY, zones)).toBeNull();
    // 02:00 UTC = 21:00 New York: closed there, so wait for the next common start.
    expect(nextAllowedTime(at('2026-01-16T02:00:00Z'), DAY, zones)).toEqual(at('2026-01-16T16:00:00Z'));
  });

  it('falls back to the first zone when the zones never share a window', () => {
    const narrow = { start: '09:00', end: '10:00' };
    const zones = ['Asia/Tokyo', 'America/New_York'];
    const next = nextAllowedTime(at('2026-01-15T12:00:00Z'), narrow, zones);
    // 09:00 Tokyo on the 16th = 00:00 UTC.
    expect(next).toEqual(at('2026-01-16T00:00:00Z'));
  });
});

describe('zonesForRecipient', () => {
  it('prefers the recipient timezone', () => {
    expect(zonesForRecipient('+14155550100', 'Europe/Paris')).toEqual(['Europe/Paris']);
  });

  it('derives zones from the phone country, else UTC', () => {
    expect(zonesForRecipient('+14155550100', null)).toContain('America/Los_Angeles');
    expect(zonesForRecipient('+447400123456', null)).toEqual(['Europe/London']);
    expect(zonesForRecipient('+999', null)).toEqual(['UTC']);
    expect(zonesForRecipient('+447400123456', 'Not/AZone')).toEqual(['Europe/London']);
  });
});
