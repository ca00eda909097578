import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../prisma/prisma.service.js';

export interface AccountSettingsRow {
  frequencyCap24h: number | null;
  frequencyCap7d: number | null;
  /** { start, end } as stored; the service reads it with parseSendWindow. */
  quietHours: Prisma.JsonValue;
}

const SETTINGS = { frequencyCap24h: true, frequencyCap7d: true, quietHours: true } as const;

export interface ApiKeyRecord {
  id: string;
  accountId: string;
  secretHash: string;
  revokedAt: Date | null;
}

@Injectable()
export class AccountRepository {
  constructor(private readonly prisma: PrismaService) {}

  async createWithKey(input: { name: string; defaultCountry: string; timezone: string; lookupId: string; secretHash: string }) {
    return this.prisma.account.create({
      data: {
        name: input.name,
        defaultCountry: input.defaultCountry,
        timezone: input.timezone,
        apiKeys: { create: { lookupId: input.lookupId, secretHash: input.secretHash } },
      },
    });
  }

  findKey(lookupId: string): Promise<ApiKeyRecord | null> {
    return this.prisma.apiKey.findUnique({
      where: { lookupId },
      select: { id: true, accountId: true, secretHash: true, revokedAt: true },
    });
  }

  async touchKey(id: string): Promise<void> {
    await this.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: new Date() } });
  }

  async settings(accountId: string): Promise<AccountSettingsRow> {
    return this.prisma.account.findUniqueOrThrow({ where: { id: accountId }, select: SETTINGS });
  }

  async updateSettings(accountId: string, changes: Partial<AccountSettingsRow>): Promise<AccountSettingsRow> {
    const { quietHours, ...caps } = changes;
    const window = quietHours === undefined ? undefined : quietHours === null ? Prisma.DbNull : (quietHours as Prisma.InputJsonValue);
    return this.prisma.account.update({ where: { id: accountId }, data: { ...caps, quietHours: window }, select: SETTINGS });
  }

  findAccount(id: string) {
    return this.prisma.account.findUnique({ where: { id } });
  }
}
