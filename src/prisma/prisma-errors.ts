import { Prisma } from '../generated/prisma/client.js';

/**
 * True for a unique-constraint violation (P2002) touching `field`. With driver
 * adapters the offending fields sit at different depths of `meta`, so the
 * check looks through all of it.
 */
export function isUniqueViolation(error: unknown, field: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return false;
  return JSON.stringify(error.meta ?? {}).includes(field);
}
