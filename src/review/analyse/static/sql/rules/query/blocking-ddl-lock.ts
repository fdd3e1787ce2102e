import type { AlterTableCmd } from 'libpg-query';
import { typeInfo, type TypeInfo } from '../../ast/names.js';
import { as } from '../../ast/node.js';
import type { SchemaModel, SqlStatement, Table } from '../../model/types.js';
import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { alterCommandsOnExistingTables } from '../support/alter.js';
import { code } from '../support/format.js';
import { lockWaiver } from '../support/lock-waiver.js';
import { judgeValidateInTransaction } from '../support/validate-in-transaction.js';
import { addedEmptyInTransaction, alteredEarlierInTransaction } from '../support/transactions.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const blockingDdlLock: SqlRule = {
  // A lock or rewrite happens when the statement runs, whatever later statements do.
  atDeploy: true,
  onExistingRows: true,
  meta: ruleMeta('blocking-ddl-lock'),
  check(ctx) {
    const reports: SqlReport[] = [];
    for (const { stmt, table, cmd } of alterCommandsOnExistingTables(ctx)) {
      if (lockWaiver(stmt, table.name.name) || validatesEmptyKey(ctx.model, stmt, table, cmd)) continue;
      const message =
        judge({ table, cmd, typesBefore: ctx.model.typesBefore.get(stmt.id), altered: alteredEarlierInTransaction(ctx.model, stmt, table) }) ??
        judgeNewColumn(table, cmd) ??
        judgeValidateInTransaction({ all: ctx.model.statements, stmt, table, cmd });
      if (message) reports.push({ stmt, message, focus: as(cmd.def, 'Constraint')?.location ?? as(cmd.def, 'ColumnDef')?.location });
    }
    for (const stmt of ctx.changed) {
      const message = judgeMaintenance(stmt);
      if (message && !lockWaiver(stmt)) reports.push({ stmt, message });
    }
    return reports;
  },
};

/**
 * A foreign key over columns the same statement or transaction just added without a default: every
 * value is NULL, so its validation looks nothing up, in one pass under the ACCESS EXCLUSIVE lock the
 * ADD COLUMN takes anyway. NOT VALID and a later VALIDATE would save nothing.
 */
function validatesEmptyKey(model: SchemaModel, stmt: SqlStatement, table: Table, cmd: AlterTableCmd): boolean {
  if (cmd.subtype === 'AT_AddConstraint') {
    const c = as(cmd.def, 'Constraint');
    const columns = (c?.fk_attrs ?? []).map((a) => as(a, 'String')?.sval ?? null);
    return c?.contype === 'CONSTR_FOREIGN' && addedEmptyInTransaction(model, stmt, table, columns);
  }
  const col = cmd.subtype === 'AT_AddColumn' ? as(cmd.def, 'ColumnDef') : undefined;
  const inline = new Set((col?.constraints ?? []).map((c) => as(c, 'Constraint')?.contype));
  // An inline REFERENCES only: a unique or primary key builds an index (of NULLs, but still reported).
  return !!col?.colname && inline.has('CONSTR_FOREIGN') && !inline.has('CONSTR_UNIQUE') && !inline.has('CONSTR_PRIMARY') && addedEmptyInTransaction(model, stmt, table, [col.colname]);
}

function judge(site: { table: Table; cmd: AlterTableCmd; typesBefore: Map<string, TypeInfo> | undefined; altered?: SqlStatement }): string | undefined {
  const { table, cmd, typesBefore, altered } = site;
  const name = code(table.name.key);
  if (cmd.subtype === 'AT_AlterColumnType') {
    const previous = cmd.name ? typesBefore?.get(cmd.name) : undefined;
    const next = typeInfo(as(cmd.def, 'ColumnDef')?.typeName);
    if (previous && isBinaryCompatible(previous, next)) return undefined;
    return (
      `Changing the type of ${code(cmd.name ?? '?')} rewrites all of ${name} and its indexes under an ACCESS ` +
      'EXCLUSIVE lock that blocks reads and writes. Add a new column, backfill it in batches, then swap.'
    );
  }
  const c = cmd.subtype === 'AT_AddConstraint' ? as(cmd.def, 'Constraint') : undefined;
  if (!c) return undefined;
  if ((c.contype === 'CONSTR_FOREIGN' || c.contype === 'CONSTR_CHECK') && !c.skip_validation) {
    const foreign = c.contype === 'CONSTR_FOREIGN';
    const lock = foreign ? 'a SHARE ROW EXCLUSIVE lock on both tables' : 'an ACCESS EXCLUSIVE lock';
    if (altered) {
      // Even a column the migration just added (all NULL) is checked by a scan of every row.
      return (
        `Adding the ${foreign ? 'foreign key' : 'check constraint'}${c.conname ? ` ${code(c.conname)}` : ''} scans every row of ${name} ` +
        `to validate it, while the \`alter table\` at line ${altered.line} still holds its ACCESS EXCLUSIVE lock (reads blocked too) ` +
        'until this migration commits. Add it `not valid` here and run `alter table ... validate constraint` in a later migration.'
      );
    }
    return (
      `Adding the ${foreign ? 'foreign key' : 'check constraint'}${c.conname ? ` ${code(c.conname)}` : ''} validates ` +
      `every row of ${name} while holding ${lock}, blocking writes. Add it \`not valid\` and run ` +
      '`alter table ... validate constraint` in a later migration.'
    );
  }
  if ((c.contype === 'CONSTR_PRIMARY' || c.contype === 'CONSTR_UNIQUE') && !c.indexname) {
    return (
      `Adding this ${c.contype === 'CONSTR_PRIMARY' ? 'primary key' : 'unique constraint'} builds its index on ${name} ` +
      'under an ACCESS EXCLUSIVE lock. Build a unique index `concurrently` first, then add the constraint `using index`.'
    );
  }
  return undefined;
}

/** ADD COLUMN with an inline UNIQUE / PRIMARY KEY (an index build) or REFERENCES (a validating scan). */
function judgeNewColumn(table: Table, cmd: AlterTableCmd): string | undefined {
  const col = cmd.subtype === 'AT_AddColumn' ? as(cmd.def, 'ColumnDef') : undefined;
  const types = new Set((col?.constraints ?? []).map((c) => as(c, 'Constraint')?.contype));
  const column = code(col?.colname ?? '?');
  const name = code(table.name.key);
  if (types.has('CONSTR_UNIQUE') || types.has('CONSTR_PRIMARY')) {
    return (
      `Adding ${column} with an inline unique key builds its index on ${name} under an ACCESS EXCLUSIVE lock. Add ` +
      'the column plain, build the unique index `concurrently`, then attach it with `add constraint ... unique using index`.'
    );
  }
  if (types.has('CONSTR_FOREIGN')) {
    return (
      `Adding ${column} with an inline REFERENCES validates the new foreign key with a scan of ${name} while both ` +
      'tables are locked against writes. Add the column first, then `add constraint ... foreign key ... not valid` ' +
      'and validate it in a later migration.'
    );
  }
  return undefined;
}

/** VACUUM FULL and CLUSTER rewrite a table under an ACCESS EXCLUSIVE lock. */
function judgeMaintenance(stmt: SqlStatement): string | undefined {
  const vacuum = as(stmt.node, 'VacuumStmt');
  const full = (vacuum?.options ?? []).some((o) => as(o, 'DefElem')?.defname === 'full');
  const command = vacuum?.is_vacuumcmd && full ? 'vacuum full' : stmt.tag === 'ClusterStmt' ? 'cluster' : undefined;
  if (!command) return undefined;
  return (
    `\`${command}\` rewrites the table under an ACCESS EXCLUSIVE lock that blocks reads and writes for the whole run. ` +
    'Use pg_repack (or plain VACUUM) instead, outside the migration.'
  );
}

/** Type changes PostgreSQL does without a rewrite: varchar widening or to text, numeric precision growth. */
function isBinaryCompatible(from: TypeInfo, to: TypeInfo): boolean {
  if (from.array !== to.array) return false;
  const length = (t: TypeInfo) => t.mods[0] ?? Infinity;
  if (from.name === 'varchar' && (to.name === 'text' || to.name === 'varchar')) return length(to) >= length(from);
  if (from.name === 'text' && to.name === 'varchar') return to.mods.length === 0;
  if (from.name === 'numeric' && to.name === 'numeric') {
    return to.mods.length === 0 || (length(to) >= length(from) && (to.mods[1] ?? 0) === (from.mods[1] ?? 0));
  }
  return from.text === to.text;
}
