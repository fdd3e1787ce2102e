import { SUPABASE_SHAPE_SQL } from '../review/analyse/live/supabase-shape.js';
import type { LiveDatabaseServer } from '../ports/live-database.js';
import { createPgServer } from './pg-database.js';
import { createPgliteServer } from './pglite-database.js';

/** The engine: a real server when a URL is given, else PostgreSQL in WASM, in process. */
export function createLiveServer(databaseUrl: string | undefined): LiveDatabaseServer {
  return databaseUrl ? createPgServer({ url: databaseUrl, setupSql: SUPABASE_SHAPE_SQL }) : createPgliteServer({ setupSql: SUPABASE_SHAPE_SQL });
}
