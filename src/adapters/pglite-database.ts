import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LiveDbError, type LiveDatabaseServer, type LiveQueryResult, type LiveScratch, type LiveServerOptions } from '../ports/live-database.js';
import { PGLITE_WORKER_SOURCE } from './pglite-worker-source.js';
import { createLimiter } from '../review/concurrency.js';

const require = createRequire(import.meta.url);

/** Contrib extensions migrations commonly create (Supabase preinstalls uuid-ossp and pgcrypto). */
const CONTRIB = ['uuid_ossp', 'pgcrypto', 'citext', 'pg_trgm', 'hstore', 'ltree', 'btree_gist', 'btree_gin', 'fuzzystrmatch', 'unaccent', 'moddatetime', 'intarray', 'cube', 'earthdistance', 'tablefunc', 'isn', 'seg'];

/** Small buffers: a scratch holds a few rows per table, and the whole engine must stay within the memory budget. */
const CONF = ['shared_buffers=16MB', 'wal_buffers=1MB', 'work_mem=2MB', 'maintenance_work_mem=8MB', 'fsync=off', 'synchronous_commit=off'];

interface Pending {
  resolve(result: LiveQueryResult): void;
  reject(err: Error): void;
}

/**
 * Where the shaped template is kept between processes: initdb and the setup cost seconds, loading
 * the dump a fraction of that, so a CLI run, a test file or a restarted app pays initdb once per
 * machine. A folder of this user's only (0700, owner checked), as another user could plant a file
 * in a shared temporary folder. `false` keeps the template in memory only.
 */
export function defaultTemplateCacheDir(): string {
  return join(tmpdir(), `backend-agent-pglite-${process.getuid?.() ?? 'user'}`);
}

/** The cache file of one template: PGlite's version, the setup SQL, the configuration and the extensions. */
export function templateCacheFile(dir: string, setupSql: string): string {
  const key = createHash('sha256').update(JSON.stringify([pgliteVersion(), setupSql, CONF, CONTRIB])).digest('hex').slice(0, 24);
  return join(dir, `template-${key}.tar`);
}

interface Running {
  worker: Worker;
  ready: Promise<string>;
  pending: Map<number, Pending>;
  /** This worker ran initdb: it is replaced by one loaded from the dump, which holds far less memory. */
  initialised: boolean;
}

/**
 * PostgreSQL compiled to WASM (PGlite), in a worker thread. The data directory is initialised and
 * shaped once per server (initdb + setupSql), dumped, and a restarted worker loads the dump instead
 * of running initdb again. One scratch at a time: a scratch is a transaction that dropping rolls
 * back, so reviews start from the same template without paying start-up again.
 */
export function createPgliteServer(options: LiveServerOptions & { templateCacheDir?: string | false }): LiveDatabaseServer {
  const cacheDir = options.templateCacheDir ?? defaultTemplateCacheDir();
  const cacheFile = cacheDir ? templateCacheFile(cacheDir, options.setupSql) : undefined;
  let template: Uint8Array | undefined = cacheFile ? readCachedTemplate(cacheFile) : undefined;
  let fromCache = template !== undefined;
  let running: Running | undefined;
  let nextId = 1;
  const oneScratch = createLimiter(1);
  const version = pgliteVersion();

  const start = (): Running => {
    const contrib = Object.fromEntries(CONTRIB.map((name) => [name, require.resolve(`@electric-sql/pglite/contrib/${name}`)]));
    const worker = new Worker(PGLITE_WORKER_SOURCE, {
      eval: true,
      workerData: { pglite: require.resolve('@electric-sql/pglite'), contrib, template: template ?? null, setupSql: options.setupSql, conf: CONF },
    });
    worker.unref();
    const pending = new Map<number, Pending>();
    const state: Running = { worker, pending, ready: Promise.resolve(''), initialised: !template };
    const fail = (err: Error) => {
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      if (running === state) running = undefined;
    };
    state.ready = new Promise<string>((resolve, reject) => {
      worker.on('message', (msg: WorkerMessage) => {
        if ('type' in msg) {
          if (msg.type === 'ready') {
            if (msg.template) {
              template = msg.template;
              if (cacheFile) writeCachedTemplate(cacheFile, msg.template);
            }
            fromCache = false;
            resolve(msg.engine);
          } else {
            // A cached template that does not load (truncated, another build) is forgotten: the next start runs initdb.
            if (fromCache && cacheFile) {
              rmSync(cacheFile, { force: true });
              template = undefined;
              fromCache = false;
            }
            reject(new LiveDbError(`the embedded PostgreSQL did not start: ${msg.message}`));
            void worker.terminate();
          }
          return;
        }
        const waiter = pending.get(msg.id);
        pending.delete(msg.id);
        if (!waiter) return;
        if (msg.error) waiter.reject(new LiveDbError(msg.error.message, msg.error.code, msg.error.position, msg.error.detail));
        else waiter.resolve({ rows: msg.rows ?? [], affected: msg.affected ?? 0 });
      });
      worker.on('error', (err) => {
        reject(err);
        fail(new LiveDbError(`the embedded PostgreSQL stopped: ${err.message}`));
      });
      worker.on('exit', (code) => {
        reject(new LiveDbError(`the embedded PostgreSQL exited (${code})`));
        fail(new LiveDbError(`the embedded PostgreSQL was stopped (exit ${code})`));
      });
    });
    state.ready.catch(() => undefined);
    return state;
  };

  // One boot at a time: initdb once, then (to shed initdb's memory) a fresh worker loaded from the dump.
  let booting: Promise<Running> | undefined;
  const boot = async (): Promise<Running> => {
    let state = start();
    // A cached template that fails to load is dropped, and the engine starts once more from initdb.
    const retry = fromCache;
    await state.ready.catch((err: unknown) => {
      if (!retry || template) throw err;
      state = start();
      return state.ready;
    });
    if (state.initialised) {
      await state.worker.terminate();
      state = start();
      await state.ready;
    }
    running = state;
    return state;
  };
  const ensure = (): Promise<Running> => {
    if (running) return Promise.resolve(running);
    booting ??= boot().finally(() => (booting = undefined));
    return booting;
  };

  const send = (state: Running, op: 'query' | 'run', sql: string, params?: readonly unknown[]): Promise<LiveQueryResult> => {
    if (running !== state) return Promise.reject(new LiveDbError('the embedded PostgreSQL was restarted (time budget or crash); this scratch is gone'));
    const id = nextId++;
    return new Promise<LiveQueryResult>((resolve, reject) => {
      state.pending.set(id, { resolve, reject });
      state.worker.postMessage({ id, op, sql, params: params ? [...params] : undefined });
    });
  };

  return {
    async engine() {
      const state = await ensure();
      return `PostgreSQL ${await state.ready} (PGlite ${version})`;
    },
    createScratch() {
      return new Promise<LiveScratch>((resolveScratch, rejectScratch) => {
        // The limiter holds the slot until the scratch is dropped.
        void oneScratch(
          () =>
            new Promise<void>((release) => {
              ensure()
                .then(async (state) => {
                  await send(state, 'run', 'begin');
                  return state;
                })
                .then(
                (state) =>
                  resolveScratch({
                    insideTransaction: true,
                    query: <T>(sql: string, params?: readonly unknown[]) => send(state, 'query', sql, params) as Promise<LiveQueryResult<T>>,
                    run: (sql: string) => send(state, 'run', sql),
                    async drop() {
                      // A worker that cannot roll back is replaced: the next scratch loads the template.
                      if (running === state) {
                        await send(state, 'run', 'rollback').catch(async () => {
                          if (running === state) running = undefined;
                          await state.worker.terminate();
                        });
                      }
                      release();
                    },
                  }),
                (err: Error) => {
                  release();
                  rejectScratch(err);
                },
              );
            }),
        );
      });
    },
    async interrupt() {
      const state = running;
      running = undefined;
      await state?.worker.terminate();
    },
    async close() {
      const state = running;
      running = undefined;
      await state?.worker.terminate();
    },
  };
}

/** Only a folder of this user's that no one else may write to is trusted. */
function privateFolder(dir: string): boolean {
  const st = statSync(dir);
  return st.isDirectory() && (!process.getuid || (st.uid === process.getuid() && (st.mode & 0o077) === 0));
}

function readCachedTemplate(file: string): Uint8Array | undefined {
  try {
    if (!privateFolder(dirname(file))) return undefined;
    return new Uint8Array(readFileSync(file));
  } catch {
    return undefined;
  }
}

/** Written beside and renamed into place, so a concurrent reader never sees half a file; a cache that cannot be written is only slower. */
function writeCachedTemplate(file: string, data: Uint8Array): void {
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
function pgliteVersion(): string {
  const entry = require.resolve('@electric-sql/pglite');
  return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
}

type WorkerMessage =
  | { type: 'ready'; engine: string; template?: Uint8Array }
  | { type: 'fatal'; message: string }
  | { id: number; rows?: Record<string, unknown>[]; affected?: number; error?: { message: string; code?: string; position?: number; detail?: string } };
