/** What every benchmark needs: a migrated scratch database, and the CPU PostgreSQL spent on it. */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { applyPendingMigrations, withDatabaseName } from '../src/prisma/migrations.js';
import type { Redis } from 'ioredis';

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A freshly migrated database on the server of `serverUrl`, so a benchmark never touches real data. */
export async function createScratchDatabase(serverUrl: string, label: string): Promise<ScratchDatabase> {
  const name = `smslinks_bench_${label}_${randomBytes(4).toString('hex')}`;
  const adminUrl = withDatabaseName(serverUrl, 'postgres');
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = withDatabaseName(serverUrl, name);
  const drop = () => withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined);
  try {
    await applyPendingMigrations(url);
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, url, drop };
}

/**
 * CPU seconds of each PostgreSQL backend connected to the client's database,
 * by pid, from /proc (the server runs on this machine in development and CI;
 * null elsewhere). Unlike wall time, it does not depend on how busy the machine is.
 */
export async function postgresCpuByPid(client: pg.Client): Promise<Map<number, number> | null> {
  const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  const ticksPerSecond = 100; // USER_HZ on Linux
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / ticksPerSecond); // utime + stime
    } catch {
      return null;
    }
  }
  return cpu;
}

/** CPU seconds spent between two readings; backends that appeared meanwhile count from zero. */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** Deletes every key matching the pattern (a benchmark's prefix), in SCAN pages. */
export async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 5000);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/**
 * Runs a benchmark's main and exits with its code (0 when it returns none):
 * open handles (pools, Redis, servers) must not keep a finished run alive, and
 * a failure prints its stack and exits 1.
 */
export function runBenchmark(main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
}

/** Nearest-rank percentile `p` (0-100) of ascending `sorted` values; NaN when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

/** `calls` sequential calls, timed one by one (after one untimed warm-up call unless `warmUp` is false). */
export async function timeCalls(calls: number, call: () => Promise<unknown>, { warmUp = true } = {}): Promise<{ p50: number; p95: number; max: number }> {
  if (warmUp) await call(); // plans, caches, JIT
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1] };
}
