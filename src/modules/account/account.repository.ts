import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../prisma/prisma.service.js';

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

  findAccount(id: string) {
    return this.prisma.account.findUnique({ where: { id } });
  }
}
