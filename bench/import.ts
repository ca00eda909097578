/**
 * `npm run bench:import` (after `npm run build`): imports a generated CSV of
 * BENCH_ROWS recipients (default 100,000) through the real HTTP endpoint of an
 * app booted in this process, against a scratch database it creates, migrates
 * and drops. Baseline in the same run: the same rows written with the fastest
 * plain multi-row INSERT through `pg` (no parsing, no validation, no upsert).
 * Prints absolute times, rows/s, the ratio to the baseline, and the CPU spent
 * by this process and by PostgreSQL (figures that hold on a busy machine).
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { createHttpApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { AccountService } from '../src/modules/account/account.service.js';
import { cpuDelta, createScratchDatabase, postgresCpuByPid, withClient } from './support.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
/** Any database URL on the server to benchmark; the scratch database is created beside it. */
const SERVER_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
/** Rows per baseline INSERT: 6 parameters a row stays under PostgreSQL's 65,535 bind parameters. */
const BASELINE_ROWS_PER_INSERT = 10_000;
const ZONES = ['America/New_York', 'America/Chicago', 'America/Los_Angeles', ''];

interface BenchRow {
  phone: string;
  externalId: string;
  segments: string[];
  timezone: string | null;
  firstName: string;
}

function generateRows(count: number): BenchRow[] {
  return Array.from({ length: count }, (_, i) => ({
    // 212-200-0000 onwards: valid New York numbers per libphonenumber's full metadata.
    phone: `+1212${String(2_000_000 + i)}`,
    externalId: `crm-${i}`,
    segments: ['bench', `cohort-${i % 10}`],
    timezone: ZONES[i % ZONES.length] || null,
    firstName: `Name ${i}`,
  }));
}

/** `suffix` changes every first_name, so a re-import has a real update to write. */
function toCsv(rows: BenchRow[], suffix = ''): string {
  const lines = rows.map((row) => `${row.phone},${row.segments.join('|')},${row.externalId},${row.timezone ?? ''},${row.firstName}${suffix}`);
  return `phone,segments,external_id,timezone,first_name\n${lines.join('\n')}\n`;
}

/** Runs `work` and returns the PostgreSQL CPU (ms) it caused. */
async function measurePostgresCpu<T>(monitor: pg.Client, work: () => Promise<T>): Promise<{ value: T; dbCpuMs: number | null }> {
  const before = await postgresCpuByPid(monitor);
  const value = await work();
  const after = await postgresCpuByPid(monitor);
  return { value, dbCpuMs: before && after ? cpuDelta(before, after) * 1000 : null };
}

/** The baseline: plain multi-row INSERTs of already-normalised rows into the same table, one statement per chunk. */
async function baselineInsert(client: pg.Client, accountId: string, rows: BenchRow[]): Promise<number> {
  {
    const started = performance.now();
    for (let offset = 0; offset < rows.length; offset += BASELINE_ROWS_PER_INSERT) {
      const chunk = rows.slice(offset, offset + BASELINE_ROWS_PER_INSERT);
      const values: unknown[] = [];
      const tuples = chunk.map((row, i) => {
        values.push(accountId, row.phone, row.externalId, row.segments, JSON.stringify({ first_name: row.firstName }), row.timezone);
        const p = i * 6;
        return `($${p + 1}::uuid, $${p + 2}, $${p + 3}, $${p + 4}::text[], $${p + 5}::jsonb, $${p + 6})`;
      });
      await client.query(`INSERT INTO recipients (account_id, phone, external_id, segments, attributes, timezone) VALUES ${tuples.join(',')}`, values);
    }
    return performance.now() - started;
  }
}

interface ImportRun {
  ms: number;
  /** CPU time of this process (the app and the HTTP client) during the import. */
  cpuMs: number;
  result: Record<string, unknown>;
}

async function importOverHttp(baseUrl: string, apiKey: string, csv: string): Promise<ImportRun> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const response = await fetch(`${baseUrl}/v1/recipients/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv' },
    body: csv,
  });
  const result = (await response.json()) as Record<string, unknown>;
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (response.status !== 200) throw new Error(`import answered ${response.status}: ${JSON.stringify(result)}`);
  return { ms, cpuMs, result };
}

interface MeasuredRun {
  label: string;
  ms: number;
  appCpuMs?: number;
  dbCpuMs: number | null;
}

/** The baseline first, then three imports: all new rows, the same file again, and a file that changes every row. */
async function measureAll(monitor: pg.Client, url: string, baseUrl: string, apiKey: string, baselineAccountId: string, rows: BenchRow[]): Promise<MeasuredRun[]> {
  // The baseline's connection stays open until measured, so its backend CPU is still readable.
  const baselineClient = new pg.Client({ connectionString: url });
  await baselineClient.connect();
  const runs: MeasuredRun[] = [];
  try {
    const baseline = await measurePostgresCpu(monitor, () => baselineInsert(baselineClient, baselineAccountId, rows));
    runs.push({ label: 'baseline: multi-row INSERT via pg', ms: baseline.value, dbCpuMs: baseline.dbCpuMs });
  } finally {
    await baselineClient.end();
  }
  const imports = [
    ['HTTP CSV import, all new (created)', toCsv(rows), 'created'],
    ['HTTP CSV import again, nothing changed', toCsv(rows), 'updated'],
    ['HTTP CSV import again, every row changed', toCsv(rows, ' (renamed)'), 'updated'],
  ] as const;
  for (const [label, csv, expected] of imports) {
    const { value, dbCpuMs } = await measurePostgresCpu(monitor, () => importOverHttp(baseUrl, apiKey, csv));
    if (value.result[expected] !== rows.length) throw new Error(`${label}: expected ${rows.length} ${expected}, got ${JSON.stringify(value.result)}`);
    runs.push({ label, ms: value.ms, appCpuMs: value.cpuMs, dbCpuMs });
  }
  return runs;
}

const perSecond = (rows: number, ms: number) => Math.round(rows / (ms / 1000)).toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const database = await createScratchDatabase(SERVER_URL, 'import');
  const url = database.url;
  const config = loadConfig({
    NODE_ENV: 'production',
    APP_ROLE: 'api',
    DATABASE_URL: url,
    REDIS_URL,
    QUEUE_PREFIX: `bench_${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'warn',
  });
  let app: Awaited<ReturnType<typeof createHttpApp>> | undefined;
  try {
    app = await createHttpApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const accounts = app.get(AccountService);
    const importer = await accounts.createAccount({ name: 'Bench import' });
    const baselineAccount = await accounts.createAccount({ name: 'Bench baseline' });

    const rows = generateRows(ROWS);
    const megabytes = (toCsv(rows).length / 1e6).toFixed(1);
    process.stdout.write(`Recipients import benchmark: ${ROWS.toLocaleString('en-US')} rows, ${megabytes} MB of CSV\n`);

    const runs = await withClient(url, (monitor) => measureAll(monitor, url, baseUrl, importer.apiKey, baselineAccount.accountId, rows));
    const baselineMs = runs[0].ms;
    for (const run of runs) {
      const ratio = `${(run.ms / baselineMs).toFixed(2)}x baseline time`;
      const cpu = [
        run.appCpuMs === undefined ? undefined : `app CPU ${seconds(run.appCpuMs)}`,
        run.dbCpuMs === null ? undefined : `PostgreSQL CPU ${seconds(run.dbCpuMs)}`,
      ].filter(Boolean);
      process.stdout.write(`  ${run.label.padEnd(42)} ${seconds(run.ms).padStart(8)} ${perSecond(ROWS, run.ms).padStart(8)} rows/s  ${ratio}; ${cpu.join(', ')}\n`);
    }
    process.stdout.write(`  (load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs)\n`);
  } finally {
    await app?.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
