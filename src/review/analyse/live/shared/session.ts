import { LiveDbError, type LiveQueryResult, type LiveScratch } from '../../../../ports/live-database.js';

export type Attempt = { ok: true; result: LiveQueryResult } | { ok: false; error: LiveDbError };

/**
 * Transactions over a scratch database. A unit is a transaction (a savepoint when one is already
 * open, or when the scratch itself is a transaction); a statement attempted inside one runs in a
 * savepoint, so its failure undoes only itself and the replay goes on.
 */
export class LiveSession {
  private depth = 0;
  private names = 0;

  constructor(readonly scratch: LiveScratch) {}

  /** True when a statement runs inside a transaction block, opened by us or by the engine's scratch. */
  get inTransaction(): boolean {
    return this.depth > 0 || this.scratch.insideTransaction;
  }

  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<LiveQueryResult<T>> {
    return this.scratch.query<T>(sql, params);
  }

  /** Runs one statement; a failure rolls back only this statement. Positions are relative to `sql`. */
  async attempt(sql: string): Promise<Attempt> {
    if (!this.inTransaction) {
      try {
        return { ok: true, result: await this.scratch.run(sql) };
      } catch (err) {
        return { ok: false, error: asLiveError(err) };
      }
    }
    const name = `ba_stmt_${++this.names}`;
    await this.scratch.run(`savepoint ${name}`);
    try {
      const result = await this.scratch.run(sql);
      await this.scratch.run(`release savepoint ${name}`);
      return { ok: true, result };
    } catch (err) {
      await this.scratch.run(`rollback to savepoint ${name}; release savepoint ${name}`);
      return { ok: false, error: asLiveError(err) };
    }
  }

  /** Runs `fn` in a unit that is kept when `keep` and fn succeed, and rolled back otherwise. */
  async unit<T>(keep: boolean, fn: () => Promise<T>): Promise<T> {
    const savepoint = this.inTransaction ? `ba_unit_${++this.names}` : undefined;
    await this.scratch.run(savepoint ? `savepoint ${savepoint}` : 'begin');
    this.depth++;
    let ok = false;
    try {
      const value = await fn();
      ok = true;
      return value;
    } finally {
      this.depth--;
      const commit = ok && keep;
      if (savepoint) await this.scratch.run(commit ? `release savepoint ${savepoint}` : `rollback to savepoint ${savepoint}; release savepoint ${savepoint}`);
      else await this.scratch.run(commit ? 'commit' : 'rollback');
    }
  }

  /** Runs `fn` in a transaction that is always rolled back (a probe, a look at a state to forget). */
  rolledBack<T>(fn: () => Promise<T>): Promise<T> {
    return this.unit(false, fn);
  }
}

export function asLiveError(err: unknown): LiveDbError {
  return err instanceof LiveDbError ? err : new LiveDbError(err instanceof Error ? err.message : String(err));
}
