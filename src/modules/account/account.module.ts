import { Global, Module } from '@nestjs/common';
import { AccountSettingsController } from './account-settings.controller.js';
import { AccountSettingsService } from './account-settings.service.js';
import { AccountRepository } from './account.repository.js';
import { AccountService } from './account.service.js';
import { ApiKeyGuard } from './api-key.guard.js';

/** Accounts and API keys; global so every /v1 controller can use ApiKeyGuard. */
@Global()
@Module({
  controllers: [AccountSettingsController],
  providers: [AccountRepository, AccountService, AccountSettingsService, ApiKeyGuard],
  exports: [AccountService, ApiKeyGuard],
})
export class AccountModule {}
