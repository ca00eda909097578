import { Global, Module } from '@nestjs/common';
import { AccountRepository } from './account.repository.js';
import { AccountService } from './account.service.js';
import { ApiKeyGuard } from './api-key.guard.js';

/** Accounts and API keys; global so every /v1 controller can use ApiKeyGuard. */
@Global()
@Module({
  providers: [AccountRepository, AccountService, ApiKeyGuard],
  exports: [AccountService, ApiKeyGuard],
})
export class AccountModule {}
