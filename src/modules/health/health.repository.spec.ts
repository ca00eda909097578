import { conciseDatabaseError } from './health.repository.js';

describe('conciseDatabaseError', () => {
  it('keeps only the driver message of a Prisma raw query error', () => {
    const prismaError = new Error(
      '\nInvalid `prisma.$queryRaw()` invocation:\n\n\nRaw query failed. Code: `3D000`. Message: `database "x" does not exist`',
    );
    expect(conciseDatabaseError(prismaError)).toBe('database "x" does not exist');
  });

  it('collapses other errors onto one line', () => {
    expect(conciseDatabaseError(new Error('connect ECONNREFUSED\n  127.0.0.1:5432'))).toBe('connect ECONNREFUSED 127.0.0.1:5432');
  });

  it('never returns an empty message', () => {
    expect(conciseDatabaseError(new Error('  '))).toBe('database query failed');
    expect(conciseDatabaseError('plain string')).toBe('plain string');
  });
});
