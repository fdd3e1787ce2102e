import { loadModule, parseSync, parsePlPgSQLSync } from 'libpg-query';

// The PostgreSQL parser is a WASM module, loaded once per process.
let loading: Promise<void> | undefined;

export interface PgParser {
  /** The raw parse tree of libpg-query (PostgreSQL 18 grammar); throws on a syntax error. */
  parse(sql: string): any;
  /** The PL/pgSQL tree of a `create function ... language plpgsql` statement; throws on error. */
  parsePlPgSQL(sql: string): any;
}

export async function loadPgParser(): Promise<PgParser> {
  loading ??= loadModule();
  await loading;
  return { parse: (sql) => parseSync(sql), parsePlPgSQL: (sql) => parsePlPgSQLSync(sql) };
}
