import { randomBytes } from 'node:crypto';
import type { PgParser } from '../../review/analyse/static/parsers/pg-parser.js';
import { fileSource } from '../../review/analyse/static/sql/source/sql-source.js';
import type { LiveSession } from '../../review/analyse/live/shared/session.js';
import { migrationsOf } from '../../review/analyse/live/statements.js';
import type { LiveBlockVerdict } from '../../triage/plan/sql-check.js';

/** Statements PREPARE takes: PostgreSQL plans them (every name and type resolved, `$n` typed) without running them. */
/** SQLSTATE 25001: a statement PostgreSQL refuses inside a transaction block. */
const NO_TRANSACTION = '25001';
const CONCURRENTLY = /\bconcurrently\b/i;

const PREPARABLE = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/**
 * A step's query checked on the schema the plan's migrations leave: each statement is prepared
 * (its tables, columns, functions and parameter types must resolve), or, when PREPARE cannot take
 * it, run; all in a transaction that is rolled back. Prepared statements outlive a rollback, so
 * each is deallocated at once.
 */
export async function prepareQuery(params: { session: LiveSession; parser: PgParser; sql: string }): Promise<LiveBlockVerdict> {
  const { session, parser, sql } = params;
  const [block] = migrationsOf({ parser, sources: [fileSource('query.sql', sql)] });
  return session.rolledBack(async () => {
    for (const stmt of block?.statements ?? []) {
      const name = `ba_plan_${randomBytes(6).toString('hex')}`;
      const preparable = PREPARABLE.has(stmt.parsed?.tag ?? '');
      let attempt = await session.attempt(preparable ? `prepare ${name} as ${stmt.sql}` : stmt.sql);
      if (attempt.ok && preparable) await session.query(`deallocate ${name}`);
      if (!attempt.ok && attempt.error.code === NO_TRANSACTION) {
        // The check runs in a transaction; CONCURRENTLY changes how, not what, so it runs without it.
        if (!CONCURRENTLY.test(stmt.sql)) return { kind: 'not run', reason: `line ${stmt.line} cannot run inside the transaction the check runs in` } satisfies LiveBlockVerdict;
        attempt = await session.attempt(stmt.sql.replace(CONCURRENTLY, ''));
      }
      if (!attempt.ok) return { kind: 'failed', error: attempt.error.message, line: stmt.line } satisfies LiveBlockVerdict;
    }
    return { kind: 'prepared' } satisfies LiveBlockVerdict;
  });
}
