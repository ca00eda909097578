import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../prisma/prisma.service.js';

/** The database probe: one round trip through the app's own pool, so pool exhaustion shows up too. */
@Injectable()
export class HealthRepository {
  constructor(private readonly prisma: PrismaService) {}

  async ping(): Promise<void> {
    try {
      await this.prisma.$queryRaw`SELECT 1`;
    } catch (error) {
      throw new Error(conciseDatabaseError(error));
    }
  }
}

/**
 * Prisma's errors open with a multi-line "Invalid `prisma.$queryRaw()` invocation"
 * preamble; a health report wants the one line that says what is wrong.
 */
export function conciseDatabaseError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const withoutPreamble = text.replace(/Invalid `prisma\.[^`]*` invocation:/, '');
  const message = /Message: `([^`]*)`/.exec(withoutPreamble)?.[1] ?? withoutPreamble;
  return message.replace(/\s+/g, ' ').trim() || 'database query failed';
}
