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

/**
 * PostgreSQL SQLSTATEs that mean "the database is not there right now", not
 * "this request is wrong": class 08 (connection exceptions), 57P01-57P03
 * (terminated by an administrator, crash shutdown, cannot connect now).
 */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[123]$)/;

/** Prisma's own codes for an unreachable or timed-out database. */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/**
 * True when a query failed because PostgreSQL could not be reached or dropped
 * the connection: the request may well succeed if retried, so it is a 503,
 * not a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (UNAVAILABLE_PRISMA_CODES.has(error.code)) return true;
  const cause = (error.meta?.driverAdapterError as { cause?: { originalCode?: string; kind?: string } } | undefined)?.cause;
  return cause?.kind === 'DatabaseNotReachable' || UNAVAILABLE_SQLSTATE.test(cause?.originalCode ?? '');
}
