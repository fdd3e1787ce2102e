import type { LiveDbError } from '../../../ports/live-database.js';
import type { LiveSession } from './shared/session.js';
import type { LiveStatement, Migration } from './statements.js';
import { SUPABASE_SESSION_SQL } from './supabase-shape.js';
import { copyUnknown, emptyUnknown, markUnknown, propagateUnknown, unknownCause, type UnknownState } from './unknown-state.js';

/** A statement PostgreSQL refused, and how many later statements of its migration failed too. */
export interface StatementFailure {
  stmt: LiveStatement;
  error: LiveDbError;
  /** Later statements of the same migration that failed as well (often because of this one). */
  followers: number;
}

export interface ReplayResult {
  failures: StatementFailure[];
  /** Statements that could not run the way their tool runs them, with the reason. */
  /** Statements not replayed; `gap` when the database lacks what they need, so later statements may miss what they make. */
  skipped: { stmt: LiveStatement; reason: string; gap?: boolean }[];
  statements: number;
  /** What the replay could not follow after these migrations (continue a later replay from it). */
  unknown: UnknownState;
}

/** Statements PostgreSQL refuses inside a transaction block (their tool runs them outside one). */
const NO_TRANSACTION = '25001';
const CONCURRENTLY = /\bconcurrently\b/i;

/**
 * Applies migrations in order, each the way its tool does: in one transaction when the tool wraps
 * it (Supabase CLI files, Alembic revisions), statement by statement otherwise. A failing
 * statement is recorded with PostgreSQL's error and undone alone, so the rest still shapes the
 * schema the lints and probes look at. The migration's own BEGIN/COMMIT are left to the wrapping.
 */
/** PostgreSQL's words when an extension's files are not installed on this server. */
const MISSING_EXTENSION = /extension "([^"]+)" is not available|could not open extension control file "[^"]*\/([^"/]+)\.control"/;

/** `type "vector" does not exist`: a type only an extension defines. */
const MISSING_TYPE = /^type "(?:\w+\.)?(\w+)" does not exist/;
/** Types of extensions a database often gets from its image or an init script rather than a migration. */
const EXTENSION_TYPES: Record<string, string> = {
  vector: 'vector', halfvec: 'vector', sparsevec: 'vector', geometry: 'postgis', geography: 'postgis', raster: 'postgis_raster',
  citext: 'citext', hstore: 'hstore', ltree: 'ltree', cube: 'cube', earth: 'earthdistance',
};

/** SQLSTATE 42P02: `$1` with no value bound. */
const UNDEFINED_PARAMETER = '42P02';

/**
 * `unknown`: what earlier replays could not follow (copied, not changed); a failure that depends on
 * it is a statement not replayed, never a failure of the migration.
 */
export async function replayMigrations(session: LiveSession, migrations: readonly Migration[], checkBudget: () => void, unknown?: UnknownState): Promise<ReplayResult> {
  const result: ReplayResult = { failures: [], skipped: [], statements: 0, unknown: unknown ? copyUnknown(unknown) : emptyUnknown() };
  for (const migration of migrations) {
    checkBudget();
    await session.query(`reset role`);
    await session.query(SUPABASE_SESSION_SQL);
    const apply = () => applyMigration({ session, migration, result, checkBudget });
    if (inTransactionBlock(migration)) await session.unit(true, apply);
    else await apply();
  }
  return result;
}

/**
 * Whether the tool runs the migration in a transaction block. The Supabase CLI sends a file as one
 * implicit transaction, which is a block only when it holds more than one statement: a file with a
 * lone `create index concurrently` deploys.
 */
function inTransactionBlock(migration: Migration): boolean {
  if (migration.transaction === 'none') return false;
  if (migration.transaction === 'always') return true;
  return migration.statements.filter((s) => s.parsed?.tag !== 'TransactionStmt').length > 1;
}

async function applyMigration(params: { session: LiveSession; migration: Migration; result: ReplayResult; checkBudget: () => void }): Promise<void> {
  const { session, migration, result, checkBudget } = params;
  // Most migrations apply cleanly: send the whole migration at once, and go statement by statement
  // (to name the one that fails) only when that is refused. The batch is undone as a whole then.
  const statements = migration.statements.filter((s) => s.parsed?.tag !== 'TransactionStmt');
  const markers = [...migration.unknown];
  if (statements.length > 1) {
    const batch = await session.attempt(statements.map((s) => s.sql).join('\n;\n'));
    if (batch.ok) {
      result.statements += statements.length;
      for (const marker of markers) markUnknown(result.unknown, marker);
      return;
    }
  }
  // The tool's transaction is real when it wraps the migration: then refusing is what the tool would see too.
  const emulated = !inTransactionBlock(migration) && session.inTransaction;
  let first: StatementFailure | undefined;
  for (const [index, stmt] of migration.statements.entries()) {
    if (stmt.parsed?.tag === 'TransactionStmt') continue;
    checkBudget();
    result.statements++;
    while (markers.length && markers[0].at <= index) markUnknown(result.unknown, markers.shift()!);
    let outcome = await session.attempt(stmt.sql);
    if (!outcome.ok && emulated && outcome.error.code === NO_TRANSACTION) {
      // Only the embedded engine's own transaction refuses it; the catalog effect is the same without CONCURRENTLY.
      if (CONCURRENTLY.test(stmt.sql)) outcome = await session.attempt(stmt.sql.replace(CONCURRENTLY, ''));
      else {
        result.skipped.push({ stmt, reason: 'it cannot run inside the transaction the embedded PostgreSQL replays in' });
        continue;
      }
    }
    if (outcome.ok) continue;
    const extension = MISSING_EXTENSION.exec(outcome.error.message);
    if (extension) {
      // The embedded or CI database lacks an extension the project's database has (pg_cron, pg_jsonschema).
      result.skipped.push({ stmt, reason: `this PostgreSQL does not have the extension "${extension[1] ?? extension[2]}"`, gap: true });
      continue;
    }
    const type = MISSING_TYPE.exec(outcome.error.message)?.[1];
    if (type && EXTENSION_TYPES[type]) {
      // No migration before it created the extension (else the type would exist): the project's database gets it
      // from its image or an init script, as pgvector's users commonly do. Not this migration's failure.
      result.skipped.push({ stmt, reason: `it uses the type "${type}" of the extension "${EXTENSION_TYPES[type]}", which no migration creates (the database gets it outside the migrations)`, gap: true });
      continue;
    }
    if (stmt.source.conditional) {
      // `if <query result>: op.execute(...)`, a statement under `try/except`: whether the deploy runs it, or goes past its error, is decided then.
      result.skipped.push({ stmt, reason: `it runs under a condition the deploy decides (or a handler that catches its error), and failed here: ${outcome.error.message}` });
      propagateUnknown(result.unknown, stmt, `${stmt.path}:${stmt.line}, which runs under a condition the deploy decides and was not replayed`);
      continue;
    }
    if (outcome.error.code === UNDEFINED_PARAMETER) {
      // `op.execute(sa.text("... :user_id").bindparams(...))` or a connection call with its values: the
      // migration supplies them at run time, the replay has none. Not a failure of the migration.
      result.skipped.push({ stmt, reason: 'it takes bound parameters the migration supplies at run time' });
      continue;
    }
    const unknown = unknownCause(result.unknown, stmt, outcome.error);
    if (unknown) {
      // Not a failure of the migration: the replay did not make what the deploy makes before it. What it
      // would have made (a view, an index) is unknown from here on in turn.
      result.skipped.push({ stmt, reason: `${unknown} (here: ${outcome.error.message})` });
      propagateUnknown(result.unknown, stmt, `${stmt.path}:${stmt.line}, which was not replayed either`);
      continue;
    }
    if (first) first.followers++;
    else {
      first = { stmt, error: outcome.error, followers: 0 };
      result.failures.push(first);
    }
  }
  for (const marker of markers) markUnknown(result.unknown, marker);
}
