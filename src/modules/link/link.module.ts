import { Module } from '@nestjs/common';
import { LinkRepository } from './link.repository.js';
import { LinkService } from './link.service.js';
import { ShortCodeGenerator } from './short-code.generator.js';

/** Tracked links: short codes, rendering, storage. No redirect yet (next issue). */
@Module({
  providers: [LinkRepository, LinkService, ShortCodeGenerator],
  exports: [LinkService, ShortCodeGenerator],
})
export class LinkModule {}
