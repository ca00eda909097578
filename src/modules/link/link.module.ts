import { Module } from '@nestjs/common';
import { ClickModule } from '../click/click.module.js';
import { LinkCache } from './link-cache.js';
import { LinkController } from './link.controller.js';
import { LinkRepository } from './link.repository.js';
import { LinkService } from './link.service.js';
import { ShortCodeGenerator } from './short-code.generator.js';

/** Tracked links: short codes, storage, and the cache the redirect resolves codes through. */
@Module({
  imports: [ClickModule],
  providers: [LinkRepository, LinkService, LinkCache, ShortCodeGenerator],
  exports: [LinkService, LinkCache, ShortCodeGenerator],
})
export class LinkModule {}

/** GET /v1/links/{code}, its QR code, disable and enable: part of the API, not of the redirect-only role. */
@Module({
  imports: [LinkModule],
  controllers: [LinkController],
})
export class LinkApiModule {}
