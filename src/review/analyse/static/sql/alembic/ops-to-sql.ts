import type { Node as TsNode } from 'web-tree-sitter';
import { bindArgs, callArgs } from './call-args.js';
import { createCheck, createForeignKey, createKey, dropConstraint } from './constraint-ops.js';
import { entityOp } from './entities.js';
import { createIndex, dropIndex } from './index-ops.js';
import { tableOf, type BatchTable, type OpSite, type Translation } from './op-site.js';
import { addColumn, alterColumn, createTable, dropColumn, dropTable, renameTable, tableComment } from './table-ops.js';
import type { Env } from './python-values.js';

interface OpKind {
  /** Positional parameters of `op.<name>(...)`. */
  params: string[];
  /** Positional parameters of `batch_op.<name>(...)` (the table comes from the batch); absent when batch has no such op. */
  batch?: string[];
  translate(site: OpSite): Translation;
}

/** No schema effect the rules look at: data loading and Alembic's own helpers. */
const nothing = (site: OpSite): Translation => ({ sql: '', tables: site.batch?.table ? [site.batch.table] : [] });

/** An operation the translation does not follow: its table is then not fully known. */
function notTranslated(site: OpSite): Translation {
  const table = tableOf(site);
  return { sql: '', tables: table ? [table] : [], unknown: 'this operation is not translated' };
}

/** Alembic's operations with their real signatures, and what each runs on PostgreSQL. */
const OPS: Record<string, OpKind> = {
  create_table: { params: ['table_name'], translate: createTable },
  drop_table: { params: ['table_name'], translate: dropTable },
  rename_table: { params: ['old_table_name', 'new_table_name'], translate: renameTable },
  add_column: { params: ['table_name', 'column'], batch: ['column'], translate: addColumn },
  drop_column: { params: ['table_name', 'column_name'], batch: ['column_name'], translate: dropColumn },
  alter_column: { params: ['table_name', 'column_name'], batch: ['column_name'], translate: alterColumn },
  create_index: { params: ['index_name', 'table_name', 'columns'], batch: ['index_name', 'columns'], translate: createIndex },
  drop_index: { params: ['index_name', 'table_name'], batch: ['index_name'], translate: dropIndex },
  create_foreign_key: {
    params: ['constraint_name', 'source_table', 'referent_table', 'local_cols', 'remote_cols'],
    batch: ['constraint_name', 'referent_table', 'local_cols', 'remote_cols'],
    translate: createForeignKey,
  },
  create_unique_constraint: { params: ['constraint_name', 'table_name', 'columns'], batch: ['constraint_name', 'columns'], translate: (s) => createKey(s, 'UNIQUE') },
  create_primary_key: { params: ['constraint_name', 'table_name', 'columns'], batch: ['constraint_name', 'columns'], translate: (s) => createKey(s, 'PRIMARY KEY') },
  create_check_constraint: { params: ['constraint_name', 'table_name', 'condition'], batch: ['constraint_name', 'condition'], translate: createCheck },
  drop_constraint: { params: ['constraint_name', 'table_name', 'type_'], batch: ['constraint_name', 'type_'], translate: dropConstraint },
  create_table_comment: { params: ['table_name', 'comment'], batch: ['comment'], translate: tableComment },
  drop_table_comment: { params: ['table_name'], batch: [], translate: tableComment },
  create_exclude_constraint: { params: ['constraint_name', 'table_name'], batch: ['constraint_name'], translate: notTranslated },
  bulk_insert: { params: ['table', 'rows'], translate: nothing },
  create_entity: { params: ['entity'], translate: (s) => entityOp(s, 'create') },
  replace_entity: { params: ['entity'], translate: (s) => entityOp(s, 'replace') },
  drop_entity: { params: ['entity'], translate: (s) => entityOp(s, 'drop') },
};

/** Alembic helpers that run nothing by themselves (names, bind, context, the batch context itself). */
const HELPERS = new Set([
  'f', 'get_bind', 'get_context', 'inline_literal', 'batch_alter_table', 'invoke', 'implementation_for', 'register_operation', 'run_async', 'execute',
]);

/**
 * The SQL of one Alembic operation (`op.create_index(...)`, or `batch_op.create_index(...)` inside
 * `batch_alter_table`), or undefined when `name` is not an Alembic operation at all. An operation
 * that exists but is not translated says so in `unknown`.
 */
export function opToSql(params: { name: string; call: TsNode; env: Env; batch?: BatchTable }): Translation | undefined {
  const { name, call, env, batch } = params;
  if (HELPERS.has(name)) return undefined;
  const kind = OPS[name];
  const args = callArgs(call);
  // An operation the project registered itself (or a batch op Alembic lacks): its target is unknown.
  if (!kind || (batch && !kind.batch)) return { sql: '', tables: batch?.table ? [batch.table] : [], unknown: 'this operation is not translated' };
  return kind.translate({ args: bindArgs(args, batch ? (kind.batch as string[]) : kind.params), env, batch });
}
