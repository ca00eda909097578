import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../common/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { ClickRepository } from '../click/click.repository.js';
import { shortLinkUrl } from './call-to-action.js';
import { toClickView, toLinkView } from './dto/link-view.mapper.js';
import type { LinkView } from './dto/link.view.js';
import { LinkCache, WarmLink } from './link-cache.js';
import type { CampaignLinkSettings } from './link-target.js';
import { InsertedLink, LinkColumns, LinkRepository } from './link.repository.js';
import { QrFormat, qrScanUrl, renderQrCode } from './qr-code.js';
import { ShortCodeGenerator } from './short-code.generator.js';
import { isShortCode } from './short-code.js';

/** Tracked links: codes, short URLs, storage, the cache the redirect reads, and the links API. */
@Injectable()
export class LinkService {
  constructor(
    private readonly config: AppConfig,
    private readonly codes: ShortCodeGenerator,
    private readonly links: LinkRepository,
    private readonly cache: LinkCache,
    private readonly clicks: ClickRepository,
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

  /** Puts a launch's new links in Redis before their messages are queued, so the first tap never waits on PostgreSQL. */
  warm(campaignId: string, settings: CampaignLinkSettings, links: readonly WarmLink[]): Promise<void> {
    return this.cache.warm(campaignId, settings, links);
  }

  async detail(accountId: string, code: string, clickLimit: number): Promise<LinkView> {
    const link = await this.findOwned(accountId, code);
    const [counts, latest] = await Promise.all([this.clicks.countsForLink(code), this.clicks.latestForLink(code, clickLimit)]);
    return toLinkView(link, { shortUrl: this.shortUrl(code), now: new Date(), counts, clicks: latest.map(toClickView) });
  }

  async setDisabled(accountId: string, code: string, disabled: boolean): Promise<LinkView> {
    if (!isShortCode(code) || !(await this.links.setDisabled(accountId, code, disabled))) throw new NotFoundError('Link', code);
    await this.cache.invalidate(code);
    return this.detail(accountId, code, 0);
  }

  /** The QR code of a link: it encodes the short URL with the scan marker, so scans count apart from clicks. */
  async qrCode(accountId: string, code: string, format: QrFormat, size?: number) {
    await this.findOwned(accountId, code);
    return renderQrCode(qrScanUrl(this.shortUrl(code)), format, { size });
  }

  private async findOwned(accountId: string, code: string) {
    const link = isShortCode(code) ? await this.links.findDetail(accountId, code) : null;
    if (!link) throw new NotFoundError('Link', code);
    return link;
  }
}
