import { loadConfig } from '../config/app-config.js';
import { applyPendingMigrations, ensureDatabaseExists } from '../prisma/migrations.js';

/** `npm run db:migrate`: applies prisma/migrations (Prisma-compatible bookkeeping, no native engine needed). */
async function main(): Promise<void> {
  const config = loadConfig();
  await ensureDatabaseExists(config.DATABASE_URL);
  const applied = await applyPendingMigrations(config.DATABASE_URL);
  process.stderr.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
