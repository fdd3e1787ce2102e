import type { ColumnDef, Constraint } from 'libpg-query';
import { callName } from '../../ast/expr.js';
import { isSerialType, typeInfo } from '../../ast/names.js';
import { as, stringsOf, type PgNode } from '../../ast/node.js';
import { walk } from '../../ast/walk.js';
import type { Table } from '../../model/types.js';
import type { SqlReport, SqlRule } from '../support/rule-api.js';
import { alterCommandsOnExistingTables, type AlterSite } from '../support/alter.js';
import { code } from '../support/format.js';
import { lockWaiver } from '../support/lock-waiver.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

const VOLATILE = new Set([
  'random', 'gen_random_uuid', 'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4', 'uuidv4', 'uuidv7',
  'clock_timestamp', 'timeofday', 'nextval', 'gen_random_bytes', 'txid_current',
]);

export const addingRequiredField: SqlRule = {
  // A lock or rewrite happens when the statement runs, whatever later statements do.
  atDeploy: true,
  onExistingRows: true,
  meta: ruleMeta('adding-required-field'),
  check(ctx) {
    return alterCommandsOnExistingTables(ctx)
      .map(judge)
      .filter((r): r is SqlReport => !!r);
  },
};

function judge(site: AlterSite): SqlReport | undefined {
  const { stmt, table, cmd } = site;
  const name = code(table.name.key);
  // A small table or an accepted lock makes a rewrite or scan harmless; only an empty table saves NOT NULL without a default.
  const waiver = lockWaiver(stmt, table.name.name);
  if (cmd.subtype === 'AT_SetNotNull' && cmd.name && !hasValidNotNullCheck(table, cmd.name)) {
    if (waiver) return undefined;
    return {
      stmt,
      severity: 'medium',
      message:
        `\`set not null\` on ${code(cmd.name)} scans all of ${name} under an ACCESS EXCLUSIVE lock (and fails if a row is ` +
        `null). Add \`check (${cmd.name} is not null) not valid\`, \`validate constraint\` it in a later step, then set NOT NULL.`,
    };
  }
  const col = cmd.subtype === 'AT_AddColumn' ? as(cmd.def, 'ColumnDef') : undefined;
  if (!col?.colname) return undefined;
  const constraints = (col.constraints ?? []).map((c) => as(c, 'Constraint')).filter((c): c is Constraint => !!c);
  const has = (type: string) => constraints.some((c) => c.contype === type);
  const focus = col.location;
  const column = code(col.colname);
  const rewrite = rewriteReason(col, constraints);
  if (rewrite && waiver) return undefined;
  if (rewrite) {
    return {
      stmt,
      focus,
      severity: 'medium',
      message:
        `Adding ${column} ${rewrite} to the existing table ${name} rewrites every row under an ACCESS EXCLUSIVE lock. ` +
        'Add it without that default, backfill in batches, then set the default for new rows.',
    };
  }
  if ((has('CONSTR_NOTNULL') || has('CONSTR_PRIMARY')) && !has('CONSTR_DEFAULT') && waiver !== 'empty') {
    return {
      stmt,
      focus,
      message:
        `Adding ${column} as NOT NULL without a default to the existing table ${name} fails as soon as the table has rows ` +
        `("column contains null values"). Add it nullable (or with a constant default), backfill in batches, then enforce NOT NULL.`,
    };
  }
  return undefined;
}

/** Why adding this column rewrites the table, or undefined when it is metadata-only. */
function rewriteReason(col: ColumnDef, constraints: Constraint[]): string | undefined {
  if (isSerialType(typeInfo(col.typeName))) return `as ${typeInfo(col.typeName).name}`;
  if (constraints.some((c) => c.contype === 'CONSTR_IDENTITY')) return 'as an identity column';
  if (constraints.some((c) => c.contype === 'CONSTR_GENERATED' && c.generated_kind === 's')) return 'as a stored generated column';
  const def = constraints.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
  const fn = volatileCall(def);
  return fn ? `with the volatile default \`${fn}()\`` : undefined;
}

function volatileCall(expr: PgNode | undefined): string | undefined {
  let found: string | undefined;
  walk(expr, (v) => {
    const name = v.tag === 'FuncCall' ? callName(v.node)?.split('.').pop() : undefined;
    if (name && VOLATILE.has(name)) found ??= name;
  });
  return found;
}

/** `check (col is not null)`, validated: SET NOT NULL then skips the scan (PostgreSQL 12+). One the model could not see may exist. */
function hasValidNotNullCheck(table: Table, column: string): boolean {
  if (table.unknownBy.length) return true;
  return table.checks.some((c) => {
    const test = as(c.expr, 'NullTest');
    const fields = stringsOf(as(test?.arg, 'ColumnRef')?.fields);
    return c.valid && test?.nulltesttype === 'IS_NOT_NULL' && fields[fields.length - 1] === column;
  });
}
