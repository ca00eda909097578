import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { applyPendingMigrations, readMigrations, withDatabaseName } from '../../src/prisma/migrations.js';

const { Client } = pg;
type Client = pg.Client;

/** Where test databases live; override with TEST_DATABASE_ADMIN_URL. */
export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

let template: Promise<string> | undefined;

/**
 * The migrated template database, built once per set of migrations (its name
 * carries their checksum) so concurrent test runs share it safely.
 */
function templateDatabase(): Promise<string> {
  template ??= (async () => {
    const migrations = await readMigrations();
    const digest = createHash('sha256').update(migrations.map((m) => m.name + m.checksum).join()).digest('hex').slice(0, 12);
    const name = `smslinks_test_tpl_${digest}`;
    await withAdmin(async (client) => {
      await client.query('SELECT pg_advisory_lock(727073)');
      try {
        const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (rowCount) return;
        const building = `${name}_building`;
        await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
        await client.query(`CREATE DATABASE "${building}"`);
        await applyPendingMigrations(databaseUrl(building));
        await client.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
      } finally {
        await client.query('SELECT pg_advisory_unlock(727073)');
      }
    });
    return name;
  })();
  return template;
}

export function databaseUrl(name: string): string {
  return withDatabaseName(ADMIN_URL, name);
}

export async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the migrated template: milliseconds, and suites never share rows. */
export async function createSuiteDatabase(label: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const safeLabel = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30);
  const name = `smslinks_t_${safeLabel}_${randomBytes(4).toString('hex')}`;
  const templateName = await templateDatabase();
  await withAdmin(async (client) => {
    // CREATE DATABASE ... TEMPLATE fails while another session is connected to the template; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`);
        return;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
