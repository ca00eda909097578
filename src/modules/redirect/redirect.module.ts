import { Module } from '@nestjs/common';
import { ClickModule } from '../click/click.module.js';
import { LinkModule } from '../link/link.module.js';
import { NotFoundLimiter } from './not-found-limiter.js';
import { RedirectRoutes } from './redirect.routes.js';
import { RedirectService } from './redirect.service.js';

/** The short-link host: GET/HEAD /{code}. Loaded in every HTTP role, alone in APP_ROLE=redirect. */
@Module({
  imports: [LinkModule, ClickModule],
  providers: [RedirectService, RedirectRoutes, NotFoundLimiter],
})
export class RedirectModule {}
