import { applyPendingMigrations } from '../../src/prisma/migrations';
import { databaseUrl, TEMPLATE_DB, withAdmin } from './databases';

/** Builds the migrated template database once per test run; every suite clones it. */
export default async function globalSetup(): Promise<void> {
  await withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  });
  await applyPendingMigrations(databaseUrl(TEMPLATE_DB));
}
