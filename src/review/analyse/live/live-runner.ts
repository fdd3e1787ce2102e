import type { LiveDatabaseServer } from '../../../ports/live-database.js';
import { createLimiter } from '../../shared/concurrency.js';
import { LiveSession } from './shared/session.js';
import { SUPABASE_SESSION_SQL } from './supabase-shape.js';

export interface LiveRunnerOptions {
  /** The engine, built on first use (a review without SQL changes never starts one). */
  server: () => LiveDatabaseServer;
  /** A whole run, start-up included, must finish within this; then it stops and says so. */
  budgetMs: number;
  /** Runs that may hold a scratch database at once in this process. */
  concurrency: number;
}

/** What a run works with: a session on a fresh scratch database shaped like Supabase, and the budget. */
export interface LiveRun {
  session: LiveSession;
  /** "PostgreSQL 18.6 (PGlite 0.5.16)". */
  engine: string;
  /** Throws BudgetExceeded once the time budget has run out. */
  checkBudget(): void;
  /** What the run is doing now, named when it fails or runs out of time ("replaying the migrations"). */
  stage: string;
}

export class BudgetExceeded extends Error {}

/** A run that did not finish: why, in words a summary can show ("the time budget (120 s) ran out while ..."). */
export class LiveRunFailed extends Error {
  constructor(
    readonly reason: string,
    readonly stage: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'LiveRunFailed';
  }
}

export interface LiveRunner {
  /**
   * Runs `fn` on a scratch database that is always dropped afterwards, once a slot is free, within
   * the time budget. Rejects with LiveRunFailed when the engine, `fn` or the budget fails it, or
   * when no slot frees within `maxWaitMs` (the run is then dropped from the queue).
   */
  run<T>(fn: (run: LiveRun) => Promise<T>, options?: { maxWaitMs?: number }): Promise<T>;
  readonly budgetMs: number;
  close(): Promise<void>;
}

/**
 * The live stage's engine, concurrency limit and time budget, shared by everything that uses a
 * scratch database in this process: the review's live stage and the plan's SQL check.
 */
export function createLiveRunner(options: LiveRunnerOptions): LiveRunner {
  const limit = createLimiter(Math.max(1, options.concurrency));
  let server: LiveDatabaseServer | undefined;
  const getServer = () => (server ??= options.server());
  return {
    budgetMs: options.budgetMs,
    run: (fn, opts) => {
      if (opts?.maxWaitMs === undefined) return limit(() => runOnScratch(getServer(), options.budgetMs, fn));
      let gaveUp = false;
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          gaveUp = true;
          reject(new LiveRunFailed(`the live database stage stayed busy with other work for ${Math.round(opts.maxWaitMs! / 1000)} s`, 'waiting for a free slot'));
        }, opts.maxWaitMs);
      });
      const ran = limit(() => {
        clearTimeout(timer);
        return gaveUp ? Promise.reject(new LiveRunFailed('dropped from the queue', 'waiting for a free slot')) : runOnScratch(getServer(), options.budgetMs, fn);
      });
      ran.catch(() => undefined);
      return Promise.race([ran, waited]).finally(() => clearTimeout(timer));
    },
    async close() {
      await server?.close();
    },
  };
}

async function runOnScratch<T>(server: LiveDatabaseServer, budgetMs: number, fn: (run: LiveRun) => Promise<T>): Promise<T> {
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    void server.interrupt();
  }, budgetMs);
  const run: LiveRun = {
    session: undefined as unknown as LiveSession,
    engine: '',
    stage: 'starting the database',
    checkBudget() {
      if (expired) throw new BudgetExceeded();
    },
  };
  try {
    run.engine = await server.engine();
    run.checkBudget();
    const scratch = await server.createScratch();
    try {
      run.session = new LiveSession(scratch);
      await run.session.query(SUPABASE_SESSION_SQL);
      return await fn(run);
    } finally {
      await scratch.drop();
    }
  } catch (err) {
    const why = expired || err instanceof BudgetExceeded ? `the time budget (${Math.round(budgetMs / 1000)} s) ran out while ${run.stage}` : `${run.stage} failed: ${(err as Error).message}`;
    throw new LiveRunFailed(why, run.stage, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}
