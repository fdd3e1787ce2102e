import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { LiveDbError, type LiveDatabaseServer, type LiveQueryResult, type LiveScratch, type LiveServerOptions } from '../ports/live-database.js';
import { PGLITE_WORKER_SOURCE } from './pglite-worker-source.js';
import { createDataDirs } from './pglite-data-dir.js';
import { createLimiter } from '../review/shared/concurrency.js';
import { CONF, CONTRIB, defaultTemplateCacheDir, INITDB, pgliteVersion, readCachedTemplate, templateCacheFile, TIDY, TRIM, writeCachedTemplate, YOUNG_GENERATION_MB } from './pglite-template.js';

export { defaultTemplateCacheDir, templateCacheFile };

const require = createRequire(import.meta.url);

interface Pending {
  resolve(result: LiveQueryResult): void;
  reject(err: Error): void;
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
 * shaped once per server (initdb + setupSql), dumped, and a restarted worker unpacks the dump into
 * a folder of its own on disk instead of running initdb again. One scratch at a time: a scratch is a transaction that dropping rolls
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
  const dataDirs = createDataDirs();

  const start = (): Running => {
    const contrib = Object.fromEntries(CONTRIB.map((name) => [name, require.resolve(`@electric-sql/pglite/contrib/${name}`)]));
    const dataDir = dataDirs.next();
    const worker = new Worker(PGLITE_WORKER_SOURCE, {
      eval: true,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      workerData: { pglite: require.resolve('@electric-sql/pglite'), contrib, dataDir, template: template ?? null, setupSql: options.setupSql, trim: TRIM, conf: CONF, initdb: INITDB },
    });
    worker.unref();
    worker.once('exit', () => dataDirs.remove(dataDir));
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

  const send = (state: Running, op: 'query' | 'run' | 'collect', sql: string, params?: readonly unknown[]): Promise<LiveQueryResult> => {
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
                      // A worker that cannot roll back or tidy up is replaced: the next scratch loads the template.
                      const replace = async () => {
                        if (running === state) running = undefined;
                        await state.worker.terminate();
                      };
                      const rolledBack = running === state && (await send(state, 'run', 'rollback').then(() => true, () => replace().then(() => false)));
                      if (!rolledBack) return release();
                      // The review has its result now; the next scratch waits for the tidy-up.
                      void TIDY.reduce((done, sql) => done.then(() => send(state, 'run', sql)), Promise.resolve({} as LiveQueryResult))
                        .then(() => send(state, 'collect', ''))
                        .catch(replace)
                        .finally(release);
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
      dataDirs.removeAll();
    },
  };
}

type WorkerMessage =
  | { type: 'ready'; engine: string; template?: Uint8Array }
  | { type: 'fatal'; message: string }
  | { id: number; rows?: Record<string, unknown>[]; affected?: number; error?: { message: string; code?: string; position?: number; detail?: string } };
