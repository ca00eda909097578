import { loadConfig } from '../config/app-config.js';
import { applyPendingMigrations } from '../prisma/migrations.js';

/** `npm run db:migrate`: applies prisma/migrations (Prisma-compatible bookkeeping, no native engine needed). */
async function main(): Promise<void> {
  const config = loadConfig();
  await ensureDatabaseExists(config.DATABASE_URL);
  const applied = await applyPendingMigrations(config.DATABASE_URL);
  process.stderr.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date\n');
}

/** Creates the database named in the URL when it is missing, so a fresh machine needs no manual step. */
async function ensureDatabaseExists(databaseUrl: string): Promise<void> {
  const { Client } = await import('pg');
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
