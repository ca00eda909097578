import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { GeoLookup } from './enrichment/geo-lookup.js';

export type Locate = (ip: string) => { country: string | null; city: string | null };

const NOWHERE: Locate = () => ({ country: null, city: null });

/**
 * The GeoIP database, opened on the first click rather than at boot: it is
 * large, and processes that never ingest a click never pay for it.
 * GEOIP_CITY_DB=off disables lookups; a database that cannot be opened is
 * logged once and clicks are stored without a location rather than not at all.
 */
@Injectable()
export class GeoLocator {
  private readonly logger = new Logger(GeoLocator.name);
  private opening?: Promise<Locate>;

  constructor(private readonly config: AppConfig) {}

  locator(): Promise<Locate> {
    this.opening ??= this.open();
    return this.opening;
  }

  private async open(): Promise<Locate> {
    const path = this.config.GEOIP_CITY_DB;
    if (path === 'off') return NOWHERE;
    try {
      const geo = await GeoLookup.open({ cityDatabasePath: path || undefined });
      return (ip) => geo.lookup(ip);
    } catch (error) {
      this.logger.error(`GeoIP database unavailable, clicks are stored without a location: ${(error as Error).message}`);
      return NOWHERE;
    }
  }
}
