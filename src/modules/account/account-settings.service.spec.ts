import { jest } from '@jest/globals';
import { DomainError } from '../../common/domain-error.js';
import { AccountSettingsService } from './account-settings.service.js';
import type { AccountRepository, AccountSettingsRow } from './account.repository.js';

function setup(stored: AccountSettingsRow = { frequencyCap24h: 3, frequencyCap7d: null, quietHours: null }) {
  const repository = {
    settings: jest.fn(async () => stored),
    updateSettings: jest.fn(async (_id: string, changes: Partial<AccountSettingsRow>) => ({ ...stored, ...changes })),
  };
  return { service: new AccountSettingsService(repository as unknown as AccountRepository), repository };
}

describe('AccountSettingsService', () => {
  it('changes only the fields given; null turns a cap or the window off', async () => {
    const { service, repository } = setup({ frequencyCap24h: 3, frequencyCap7d: 10, quietHours: { start: '08:00', end: '21:00' } });
    const view = await service.update('a1', { frequencyCap: { per24Hours: null } });
    expect(repository.updateSettings).toHaveBeenCalledWith('a1', { frequencyCap24h: null });
    expect(view).toEqual({ frequencyCap: { per24Hours: null, per7Days: 10 }, quietHours: { start: '08:00', end: '21:00' } });

    await service.update('a1', { quietHours: null });
    expect(repository.updateSettings).toHaveBeenLastCalledWith('a1', { quietHours: null });
    await service.update('a1', { frequencyCap: { per7Days: 4 }, quietHours: { start: '22:00', end: '06:00' } });
    expect(repository.updateSettings).toHaveBeenLastCalledWith('a1', { frequencyCap7d: 4, quietHours: { start: '22:00', end: '06:00' } });
  });

  it('refuses an empty window, naming quietHours', async () => {
    const { service, repository } = setup();
    await expect(service.update('a1', { quietHours: { start: '09:00', end: '09:00' } })).rejects.toThrow(DomainError);
    await expect(service.update('a1', { quietHours: { start: '09:00', end: '09:00' } })).rejects.toThrow(/^quietHours: /);
    expect(repository.updateSettings).not.toHaveBeenCalled();
  });
});
