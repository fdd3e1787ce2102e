import type { Node as TsNode } from 'web-tree-sitter';
import type { TableRef } from '../source/sql-source.js';
import { callArgs, type BoundArgs } from './call-args.js';
import { calleeTail, isTrue, literal, resolve, type Env } from './python-values.js';

/** The table of an enclosing `with op.batch_alter_table("t", schema=...) as batch_op:`. */
export interface BatchTable {
  alias: string;
  /** Undefined when the table name is computed at run time. */
  table: TableRef | undefined;
}

/** One operation call, its arguments bound to Alembic's parameter names, and where it runs. */
export interface OpSite {
  args: BoundArgs;
  env: Env;
  /** Set for `batch_op.*` calls: the table every batch operation acts on. */
  batch?: BatchTable;
}

/** What an operation does, as SQL PostgreSQL would run. */
export interface Translation {
  /** The statements ('' when the op changes nothing the rules look at, e.g. a table comment). */
  sql: string;
  tables: TableRef[];
  creates?: boolean;
  /** What was not translated: the tables then count as not fully known. */
  unknown?: string;
  /** Enum types created without their labels (see MigrationOp.unknownTypes). */
  unknownTypes?: string[];
}

export function text(site: OpSite, param: string): string | undefined {
  return literal(site.args.get(param), site.env);
}

export function flag(site: OpSite, param: string): boolean {
  return isTrue(site.args.get(param), site.env);
}

export function node(site: OpSite, param: string): TsNode | undefined {
  const n = site.args.get(param);
  return n && resolve(n, site.env).node.type !== 'none' ? n : undefined;
}

/** The table an op acts on: the batch's, or the `param` argument qualified with `schemaParam`. */
export function tableOf(site: OpSite, param = 'table_name', schemaParam = 'schema'): TableRef | undefined {
  if (site.batch && (param === 'table_name' || param === 'source_table' || param === 'old_table_name')) return site.batch.table;
  const name = text(site, param);
  if (!name) return undefined;
  const schema = text(site, schemaParam);
  return schema ? { schema, name } : { name };
}

/** An op that could not be translated because `what` is not static. */
export function notStatic(what: string, tables: TableRef[] = []): Translation {
  return { sql: '', tables, unknown: `${what} is computed at run time` };
}

/** SQLAlchemy calls that wrap SQL text (`sa.text("...")`, `sa.literal_column("...")`). */
export const SQL_EXPRESSION = new Set(['text', 'literal_column']);

/** SQL given as a string or `sa.text("...")` (postgresql_where=, a check condition). */
export function sqlText(n: TsNode | undefined, env: Env): string | undefined {
  if (!n) return undefined;
  const value = resolve(n, env);
  if (value.node.type === 'call' && SQL_EXPRESSION.has(calleeTail(value.node))) return literal(callArgs(value.node).positional[0], value.env);
  return literal(value.node, value.env);
}
