import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { shortLinkUrl } from './call-to-action.js';
import { InsertedLink, LinkColumns, LinkRepository } from './link.repository.js';
import { ShortCodeGenerator } from './short-code.generator.js';

/**
 * Tracked links: codes, short URLs and storage. The redirect (`GET /{code}`)
 * and click recording extend this service in the next issue.
 */
@Injectable()
export class LinkService {
  constructor(
    private readonly config: AppConfig,
    private readonly codes: ShortCodeGenerator,
    private readonly links: LinkRepository,
  ) {}

  /** Read at use time: tests and deployments may change SHORT_LINK_BASE_URL after boot. */
  shortLinkBase(): string {
    return this.config.SHORT_LINK_BASE_URL.replace(/\/+$/, '');
  }

  get codeLength(): number {
    return this.codes.length;
  }

  newCodes(count: number): string[] {
    return this.codes.generate(count);
  }

  shortUrl(code: string): string {
    return shortLinkUrl(this.shortLinkBase(), code);
  }

  /** A short URL of the real length, for previews. */
  sampleShortUrl(): string {
    return this.shortUrl(this.newCodes(1)[0]);
  }

  insertMany(links: LinkColumns, db?: Parameters<LinkRepository['insertMany']>[1]): Promise<InsertedLink[]> {
    return this.links.insertMany(links, db);
  }

  findByCode(code: string) {
    return this.links.findByCode(code);
  }
}
