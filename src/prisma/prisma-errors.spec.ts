import { Prisma } from '../generated/prisma/client.js';
import { isDatabaseUnavailable, isUniqueViolation } from './prisma-errors.js';

const known = (code: string, meta?: Record<string, unknown>) => new Prisma.PrismaClientKnownRequestError('failed', { code, clientVersion: 'test', meta });
const fromPostgres = (originalCode: string) => known('P2039', { driverAdapterError: { cause: { kind: 'postgres', originalCode } } });

describe('isDatabaseUnavailable', () => {
  it('is true for a connection the server terminated or refused, and for an unreachable database', () => {
    expect(isDatabaseUnavailable(fromPostgres('57P01'))).toBe(true);
    expect(isDatabaseUnavailable(fromPostgres('57P03'))).toBe(true);
    expect(isDatabaseUnavailable(fromPostgres('08006'))).toBe(true);
    expect(isDatabaseUnavailable(known('P1001'))).toBe(true);
    expect(isDatabaseUnavailable(known('P2010', { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } }))).toBe(true);
    expect(isDatabaseUnavailable(new Prisma.PrismaClientInitializationError('cannot reach', 'test'))).toBe(true);
  });

  it('is false for errors of the request itself', () => {
    expect(isDatabaseUnavailable(fromPostgres('23505'))).toBe(false);
    expect(isDatabaseUnavailable(fromPostgres('57014'))).toBe(false);
    expect(isDatabaseUnavailable(known('P2002'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
  });
});

describe('isUniqueViolation', () => {
  it('matches P2002 on the field wherever the adapter puts it', () => {
    expect(isUniqueViolation(known('P2002', { driverAdapterError: { cause: { constraint: { fields: ['slug'] } } } }), 'slug')).toBe(true);
    expect(isUniqueViolation(known('P2002', { target: ['phone'] }), 'slug')).toBe(false);
  });
});
