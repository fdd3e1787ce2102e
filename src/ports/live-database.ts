/**
 * The database port of the live stage: a real PostgreSQL (embedded PGlite, or a server reached with
 * DATABASE_URL) that hands out one scratch database per review. The core sees only this; the
 * adapters in src/adapters/ are the only code that imports PGlite or pg.
 */

/** A PostgreSQL error as the server reported it (message, SQLSTATE, 1-based character position). */
export class LiveDbError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly position?: number,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'LiveDbError';
  }
}

export interface LiveQueryResult<T = Record<string, unknown>> {
  rows: T[];
  /** Rows inserted, updated or deleted by the (last) statement. */
  affected: number;
}

/** One scratch database, used by one review at a time. Every method rejects with a LiveDbError. */
export interface LiveScratch {
  /** One statement, with $1... parameters. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<LiveQueryResult<T>>;
  /** Text of one or more statements, run as the simple query protocol does (no parameters). */
  run(sql: string): Promise<LiveQueryResult>;
  /**
   * True when the scratch itself is an open transaction that dropping rolls back (the embedded
   * engine): transactions inside it are savepoints, and a statement that refuses to run in a
   * transaction block cannot run as it would on a server.
   */
  readonly insideTransaction: boolean;
  /** Drops the scratch database (or rolls it back); never rejects. */
  drop(): Promise<void>;
}

/** A PostgreSQL that creates scratch databases shaped by `setupSql` (run once, then reused). */
export interface LiveDatabaseServer {
  /** "PostgreSQL 18.6 (PGlite 0.5.16)", "PostgreSQL 15.18": named in findings and the summary. */
  engine(): Promise<string>;
  createScratch(): Promise<LiveScratch>;
  /** Abandons whatever runs now (a statement past the time budget) and makes the server usable again. */
  interrupt(): Promise<void>;
  close(): Promise<void>;
}

/** How a server is built: the SQL that shapes every scratch database, run once per process where the engine allows. */
export interface LiveServerOptions {
  setupSql: string;
}
