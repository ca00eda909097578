/**
 * A throwaway PostgreSQL server of its own, for end-to-end tests that stop and
 * restart the database. Every other suite shares the machine's main cluster
 * (databases.ts), so stopping that one would break them; this one lives in a
 * temporary directory, listens on a free port on 127.0.0.1 and trusts every
 * local connection as user `postgres`.
 */
import { execFile, execFileSync } from 'node:child_process';
import { constants, rmSync } from 'node:fs';
import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ThrowawayCluster {
  port: number;
  /** A connection URL for `database` (default `postgres`) as user postgres. */
  url(database?: string): string;
  /** Fast shutdown: open connections are cut, as in a real outage. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data, after stop(). */
  start(): Promise<void>;
  /** Stops it if running and deletes its files. Safe to call twice. */
  destroy(): Promise<void>;
}

/** Where Debian and Ubuntu install each major version's server binaries. */
const DEBIAN_PG_LIB = '/usr/lib/postgresql';

/** The system user that owns the cluster when the tests run as root. */
const SERVER_USER = 'postgres';

/** initdb, starts the server and resolves once it accepts connections. */
export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  const binDir = await findServerBinaries();
  const dir = await mkdtemp(join(tmpdir(), 'pg-throwaway-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'log');
  const pgCtl = join(binDir, 'pg_ctl');
  const asRoot = process.getuid?.() === 0;

  // initdb and postgres refuse to run as root (CI does), so the cluster
  // belongs to the postgres system user. mkdtemp made the directory 0700, so
  // it must be theirs; its parent, os.tmpdir(), is world-traversable.
  const asServerUser = (command: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', SERVER_USER, '--', command, ...args]] : [command, args];
  const exec = (command: string, args: string[]) => runCommand(...asServerUser(command, args), dir);

  let port = 0;
  const startServer = async () => {
    // -k: the Unix socket goes in our directory, not /var/run/postgresql
    // where the main cluster's lives. fsync=off: the data is thrown away.
    // pg_ctl hands these to a shell, hence the quotes around a TMPDIR path.
    const serverOptions = `-p ${port} -k '${dir}' -c listen_addresses=127.0.0.1 -c fsync=off`;
    try {
      await exec(pgCtl, ['-D', dataDir, '-l', logFile, '-w', '-o', serverOptions, 'start']);
    } catch (error) {
      // pg_ctl only says "could not start server"; the reason is in the log.
      throw new Error(`${(error as Error).message}\nServer log:\n${await logTail(logFile)}`, { cause: error });
    }
  };
  const stopServer = () => exec(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop']).then(() => undefined);

  // If the test process exits without destroy() (a failed beforeAll, a
  // forgotten afterAll), do not leave a postgres running nor its files: an
  // exit handler can only be synchronous. A killed process runs no handler.
  const stopOnExit = () => {
    try {
      const [command, args] = asServerUser(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      execFileSync(command, args, { cwd: dir, stdio: 'ignore' });
    } catch {
      // Not running, or already gone.
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    if (asRoot) await runCommand('chown', ['-R', SERVER_USER, dir], dir);
    const initdbArgs = ['-D', dataDir, '--auth=trust', '--username=postgres', '-E', 'UTF8', '--no-sync'];
    await exec(join(binDir, 'initdb'), initdbArgs);
    // Between finding a free port and postgres binding it, another process may
    // take it: try a few.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await startServer();
        break;
      } catch (error) {
        if (attempt >= 3 || !/Address already in use/.test(String(error))) throw error;
      }
    }
    process.on('exit', stopOnExit);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  let destroyed = false;
  return {
    port,
    url: (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    stop: stopServer,
    start: startServer,
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      await stopServer().catch(() => undefined);
      process.off('exit', stopOnExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The directory holding initdb and pg_ctl: PG_BIN_DIR when set, else the
 * newest version under /usr/lib/postgresql (Debian's layout, where they are
 * not on PATH).
 */
async function findServerBinaries(): Promise<string> {
  const fromEnv = process.env.PG_BIN_DIR;
  if (fromEnv) {
    const missing = await missingBinaries(fromEnv);
    if (missing.length) throw new Error(`PG_BIN_DIR=${fromEnv} has no executable ${missing.join(' or ')}`);
    return fromEnv;
  }
  const versions = await readdir(DEBIAN_PG_LIB).catch(() => [] as string[]);
  const newestFirst = versions.filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const version of newestFirst) {
    const binDir = join(DEBIAN_PG_LIB, version, 'bin');
    if ((await missingBinaries(binDir)).length === 0) return binDir;
  }
  throw new Error(
    `No PostgreSQL server binaries: no ${DEBIAN_PG_LIB}/<version>/bin has both initdb and pg_ctl ` +
      `(found versions: ${versions.join(', ') || 'none'}). Install the postgresql server package or set PG_BIN_DIR.`,
  );
}

async function missingBinaries(binDir: string): Promise<string[]> {
  const missing: string[] = [];
  for (const name of ['initdb', 'pg_ctl']) {
    await access(join(binDir, name), constants.X_OK).catch(() => missing.push(name));
  }
  return missing;
}

/** Runs a command in `cwd` (which the postgres user can enter, unlike root's), with its stderr in any error. */
async function runCommand(command: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    const output = (stderr?.trim() || stdout?.trim()) ?? '';
    throw new Error(`${[command, ...args].join(' ')} failed: ${output || (error as Error).message}`, { cause: error });
  }
}

/** A TCP port nobody is listening on right now: the one the kernel picks for port 0. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not read the free port'))));
    });
  });
}

async function logTail(logFile: string): Promise<string> {
  const log = await readFile(logFile, 'utf8').catch(() => '(no log)');
  return log.split('\n').slice(-20).join('\n');
}
