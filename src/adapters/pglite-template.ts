import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// How the embedded PostgreSQL is configured and its shaped template kept: what makes two templates
// the same (the cache key) lives beside the settings it is made of.

const require = createRequire(import.meta.url);

/** Contrib extensions migrations commonly create (Supabase preinstalls uuid-ossp and pgcrypto). */
export const CONTRIB = ['uuid_ossp', 'pgcrypto', 'citext', 'pg_trgm', 'hstore', 'ltree', 'btree_gist', 'btree_gin', 'fuzzystrmatch', 'unaccent', 'moddatetime', 'intarray', 'cube', 'earthdistance', 'tablefunc', 'isn', 'seg'];

/**
 * Small buffers: a scratch holds a few rows per table, and the whole engine must stay within the
 * memory budget. The data directory is a throwaway folder on disk, WAL included, and nothing is
 * ever recovered from it: minimal WAL in 1 MB segments (the template stays small), and a checkpoint
 * after every scratch lets PostgreSQL recycle them.
 */
export const CONF = [
  ...['shared_buffers=16MB', 'wal_buffers=1MB', 'work_mem=2MB', 'maintenance_work_mem=8MB', 'fsync=off', 'synchronous_commit=off'],
  ...['wal_level=minimal', 'max_wal_senders=0', 'full_page_writes=off', 'min_wal_size=2MB', 'max_wal_size=8MB'],
];
export const INITDB = ['--wal-segsize=1'];
/**
 * After a scratch is rolled back: its catalog rows are dead tuples and its WAL is written, and a
 * single-user PostgreSQL has no autovacuum and no checkpointer. Without these the data directory
 * (in memory) grows by megabytes at every review.
 */
export const TIDY = ['vacuum', 'checkpoint'];
/** The worker's young generation (V8's default is up to 48 MB): PGlite's JS allocates little, its data lives in WASM memory and MEMFS. */
export const YOUNG_GENERATION_MB = 4;
/** Reviews use the `postgres` database only: the template databases would be two more copies of the catalog in memory. */
export const TRIM = ['alter database template0 is_template false', 'drop database template0', 'alter database template1 is_template false', 'drop database template1'];

/**
 * Where the shaped template is kept between processes: initdb and the setup cost seconds, loading
 * the dump a fraction of that, so a CLI run, a test file or a restarted app pays initdb once per
 * machine. A folder of this user's only (0700, owner checked), as another user could plant a file
 * in a shared temporary folder. `false` keeps the template in memory only.
 */
export function defaultTemplateCacheDir(): string {
  return join(tmpdir(), `backend-agent-pglite-${process.getuid?.() ?? 'user'}`);
}

/** The cache file of one template (a gzipped tar: 2.5 MB, not 40): PGlite's version, the setup SQL, the configuration and the extensions. */
export function templateCacheFile(dir: string, setupSql: string): string {
  const key = createHash('sha256').update(JSON.stringify([pgliteVersion(), setupSql, CONF, CONTRIB, INITDB, TRIM])).digest('hex').slice(0, 24);
  return join(dir, `template-${key}.tar.gz`);
}

/** Only a folder of this user's that no one else may write to is trusted. */
function privateFolder(dir: string): boolean {
  const st = statSync(dir);
  return st.isDirectory() && (!process.getuid || (st.uid === process.getuid() && (st.mode & 0o077) === 0));
}

export function readCachedTemplate(file: string): Uint8Array | undefined {
  try {
    if (!privateFolder(dirname(file))) return undefined;
    return new Uint8Array(readFileSync(file));
  } catch {
    return undefined;
  }
}

/** Written beside and renamed into place, so a concurrent reader never sees half a file; a cache that cannot be written is only slower. */
export function writeCachedTemplate(file: string, data: Uint8Array): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    if (!privateFolder(dirname(file))) return;
    const partial = `${file}.${process.pid}.${Date.now()}.partial`;
    writeFileSync(partial, data, { mode: 0o600 });
    renameSync(partial, file);
  } catch {
    // Read-only or full temporary folder: the template stays in memory for this process.
  }
}

/** The package's own version (its package.json is not exported, so it is read beside the entry point). */
export function pgliteVersion(): string {
  const entry = require.resolve('@electric-sql/pglite');
  return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
}
