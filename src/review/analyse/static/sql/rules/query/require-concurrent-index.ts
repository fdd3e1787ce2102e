import { as } from '../../ast/node.js';
import type { SchemaModel, SqlStatement, Table } from '../../model/types.js';
import type { LineEdit, SqlReport, SqlRule } from '../support/rule-api.js';
import { existedBefore, outlivesMigration, youngTable } from '../support/anchors.js';
import { lockWaiver } from '../support/lock-waiver.js';
import { addedEmptyInTransaction, alteredEarlierInTransaction, inSameTransaction, transactionReason } from '../support/transactions.js';
import { code } from '../support/format.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const requireConcurrentIndex: SqlRule = {
  // A lock or rewrite happens when the statement runs, whatever later statements do.
  atDeploy: true,
  onExistingRows: true,
  meta: ruleMeta('require-concurrent-index'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const stmt of ctx.changed) {
      // `postgresql_concurrently=concurrently`: the author already made CONCURRENTLY the deployment's choice.
      if (stmt.source.concurrentlyAtRunTime) continue;
      const index = as(stmt.node, 'IndexStmt');
      if (index && !index.concurrent) {
        const table = ctx.model.targets.get(stmt.id);
        if (table && busyTable(table, stmt) && !rewrittenEarlierInTransaction(ctx.model, stmt, table) && !onNewEmptyColumns(ctx.model, stmt, table)) {
          reports.push(withoutUnsafeEdit(ctx.model.statements, createReport(stmt, table, alteredEarlierInTransaction(ctx.model, stmt, table))));
        }
        continue;
      }
      const reindex = as(stmt.node, 'ReindexStmt');
      const concurrently = (reindex?.params ?? []).some((p) => as(p, 'DefElem')?.defname === 'concurrently');
      if (reindex && !concurrently && (reindex.kind === 'REINDEX_OBJECT_INDEX' || reindex.kind === 'REINDEX_OBJECT_TABLE') && !lockWaiver(stmt)) {
        reports.push(withoutUnsafeEdit(ctx.model.statements, reindexReport(stmt)));
        continue;
      }
      const drop = as(stmt.node, 'DropStmt');
      if (drop?.removeType === 'OBJECT_INDEX' && !drop.concurrent) {
        const dropped = (ctx.model.droppedIndexes.get(stmt.id) ?? []).filter((i) => existedBefore(i.table, stmt) && !i.stmt.changed);
        const table = dropped[0]?.table;
        // After an `alter table` of the same transaction, the ACCESS EXCLUSIVE lock is held already: dropping the index
        // waits for nothing more and is quick. CONCURRENTLY could not spare a lock the migration takes anyway.
        if (table && busyTable(table, stmt) && !alteredEarlierInTransaction(ctx.model, stmt, table)) reports.push(withoutUnsafeEdit(ctx.model.statements, dropReport(stmt, table)));
      }
    }
    return reports;
  },
};

/**
 * An earlier statement of the same transaction already passes over the whole table under ACCESS
 * EXCLUSIVE, held until commit: a column type change (a rewrite), `SET NOT NULL` or a validated CHECK
 * (a scan). That statement is the problem (blocking-ddl-lock reports it); a CONCURRENTLY here could not
 * spare the lock it already holds. (An index on a column the transaction merely added is still reported:
 * ADD COLUMN's lock is brief, and the build would hold it, reads blocked too, for the whole scan.)
 */
function rewrittenEarlierInTransaction(model: SchemaModel, stmt: SqlStatement, table: Table): boolean {
  if (alteredEarlierInTransaction(model, stmt, table, FULL_PASS)) return true;
  return model.statements.some((s) => s.id < stmt.id && model.targets.get(s.id) === table && addsValidatedCheck(s) && inSameTransaction(model.statements, s, stmt));
}

const FULL_PASS = new Set(['AT_AlterColumnType', 'AT_SetNotNull']);

/** `alter table t add constraint c check (...)` without NOT VALID: PostgreSQL scans every row under ACCESS EXCLUSIVE. */
function addsValidatedCheck(s: SqlStatement): boolean {
  return (as(s.node, 'AlterTableStmt')?.cmds ?? []).some((node) => {
    const cmd = as(node, 'AlterTableCmd');
    const con = cmd?.subtype === 'AT_AddConstraint' ? as(cmd.def, 'Constraint') : undefined;
    return con?.contype === 'CONSTR_CHECK' && !con.skip_validation;
  });
}

/**
 * The index is on columns the same transaction just added, all NULL: its build is one pass over a table
 * the ADD COLUMN already holds in ACCESS EXCLUSIVE until commit, with nothing to sort. CONCURRENTLY
 * cannot run there, and moving the build to a file of its own would only lock the table once more.
 * (An index on an existing column after the ADD COLUMN is still reported: it sorts real values
 * under that lock.)
 */
function onNewEmptyColumns(model: SchemaModel, stmt: SqlStatement, table: Table): boolean {
  const columns = (as(stmt.node, 'IndexStmt')?.indexParams ?? []).map((p) => as(p, 'IndexElem')?.name ?? null);
  return addedEmptyInTransaction(model, stmt, table, columns);
}

/** Adding CONCURRENTLY in place would fail inside the file's transaction: then the fix is a new file, not an edit. */
function withoutUnsafeEdit(all: readonly SqlStatement[], report: SqlReport): SqlReport {
  return transactionReason(all, report.stmt) ? { ...report, edit: undefined } : report;
}

/**
 * A table that existed before this migration, outlives it and can be locked: partitioned parents
 * cannot use CONCURRENTLY, and a table the comment above calls small or whose lock it accepts, or one
 * created by a migration dated less than a week earlier (it has had no time to fill), is no concern.
 */
function busyTable(table: Table, stmt: SqlStatement): boolean {
  return (
    table.kind !== 'partitioned' && table.kind !== 'temporary' && existedBefore(table, stmt) && !youngTable(table, stmt) && outlivesMigration(table, stmt) && !lockWaiver(stmt, table.name.name)
  );
}

function createReport(stmt: SqlStatement, table: Table, altered: SqlStatement | undefined): SqlReport {
  const edit = keywordEdit(stmt, /\b(create\s+(?:unique\s+)?index)\b/i);
  if (altered) {
    return {
      stmt,
      edit,
      message:
        `The \`alter table\` at line ${altered.line} already holds an ACCESS EXCLUSIVE lock on ${code(table.name.key)} until ` +
        'this migration commits, so building the index here keeps reads and writes blocked for the whole scan of the table. ' +
        'Commit the `alter table` first and build the index `concurrently` in a migration file of its own.',
    };
  }
  return {
    stmt,
    edit,
    message:
      `\`create index\` on the existing table ${code(table.name.key)} takes a SHARE lock that blocks all writes to it ` +
      `until the index is built. Use \`create index concurrently\`, in a migration file of its own (it cannot run ` +
      `inside a transaction).`,
  };
}

function dropReport(stmt: SqlStatement, table: Table): SqlReport {
  return {
    stmt,
    edit: keywordEdit(stmt, /\b(drop\s+index)\b/i),
    message:
      `\`drop index\` on ${code(table.name.key)} takes an ACCESS EXCLUSIVE lock that blocks reads and writes while ` +
      `it waits for running queries. Use \`drop index concurrently\` in a migration file of its own.`,
  };
}

function reindexReport(stmt: SqlStatement): SqlReport {
  return {
    stmt,
    edit: keywordEdit(stmt, /\b(reindex\s+(?:index|table))\b/i),
    message:
      '`reindex` locks out writes to the table (and reads that use the index) until the rebuild finishes. Use ' +
      '`reindex ... concurrently` (PostgreSQL 12+), outside a transaction.',
  };
}

/** Inserts CONCURRENTLY after the keyword on the statement's first line, when the keyword is there. */
function keywordEdit(stmt: SqlStatement, keyword: RegExp): LineEdit | undefined {
  if (!stmt.source.verbatim) return undefined;
  const bytes = stmt.source.bytes;
  const lineStart = bytes.lastIndexOf(10, stmt.start - 1) + 1;
  const newline = bytes.indexOf(10, stmt.start);
  const line = bytes.subarray(lineStart, newline < 0 ? bytes.length : newline).toString('utf8').replace(/\r$/, '');
  if (!keyword.test(line)) return undefined;
  return { fromLine: stmt.line, toLine: stmt.line, text: line.replace(keyword, '$1 concurrently') };
}
