import { Injectable } from '@nestjs/common';
import { assertWindowNotEmpty, parseSendWindow } from '../send/quiet-hours.js';
import { AccountRepository, type AccountSettingsRow } from './account.repository.js';
import type { UpdateAccountSettingsDto } from './dto/account-settings.dto.js';
import type { AccountSettingsView } from './dto/account-settings.view.js';

/** Account-wide sending rules: frequency caps and quiet hours, read by the send path at send time. */
@Injectable()
export class AccountSettingsService {
  constructor(private readonly accounts: AccountRepository) {}

  async get(accountId: string): Promise<AccountSettingsView> {
    return toView(await this.accounts.settings(accountId));
  }

  async update(accountId: string, dto: UpdateAccountSettingsDto): Promise<AccountSettingsView> {
    assertWindowNotEmpty('quietHours', dto.quietHours);
    const changes: Partial<AccountSettingsRow> = {};
    if (dto.frequencyCap?.per24Hours !== undefined) changes.frequencyCap24h = dto.frequencyCap.per24Hours;
    if (dto.frequencyCap?.per7Days !== undefined) changes.frequencyCap7d = dto.frequencyCap.per7Days;
    if (dto.quietHours !== undefined) changes.quietHours = dto.quietHours && { start: dto.quietHours.start, end: dto.quietHours.end };
    return toView(await this.accounts.updateSettings(accountId, changes));
  }
}

function toView(row: AccountSettingsRow): AccountSettingsView {
  return {
    frequencyCap: { per24Hours: row.frequencyCap24h, per7Days: row.frequencyCap7d },
    quietHours: parseSendWindow(row.quietHours),
  };
}
