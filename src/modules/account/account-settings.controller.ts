import { Body, Controller, Get, Patch, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/api-error.dto.js';
import { AccountSettingsService } from './account-settings.service.js';
import type { AuthenticatedAccount } from './account.service.js';
import { ApiKeyGuard, CurrentAccount } from './api-key.guard.js';
import { UpdateAccountSettingsDto } from './dto/account-settings.dto.js';
import { AccountSettingsView } from './dto/account-settings.view.js';

@ApiTags('account')
@ApiBearerAuth()
@ApiErrors(401)
@UseGuards(ApiKeyGuard)
@Controller('v1/account/settings')
export class AccountSettingsController {
  constructor(private readonly settings: AccountSettingsService) {}

  @Get()
  @ApiOperation({ summary: "The account's frequency caps and quiet hours" })
  @ApiOkResponse({ type: AccountSettingsView })
  get(@CurrentAccount() account: AuthenticatedAccount): Promise<AccountSettingsView> {
    return this.settings.get(account.accountId);
  }

  @Patch()
  @ApiOperation({ summary: 'Change the frequency caps and quiet hours; fields left out stay, null turns one off' })
  @ApiOkResponse({ type: AccountSettingsView })
  @ApiErrors(400, 415)
  update(@CurrentAccount() account: AuthenticatedAccount, @Body() body: UpdateAccountSettingsDto): Promise<AccountSettingsView> {
    return this.settings.update(account.accountId, body);
  }
}
