import type { Node as TsNode } from 'web-tree-sitter';
import type { TableRef } from '../source/sql-source.js';
import { callArgs } from './call-args.js';
import { flag, notStatic, sqlText, SQL_EXPRESSION, tableOf, text, type OpSite, type Translation } from './op-site.js';
import { ident, tableSql } from './sql-names.js';
import { calleeTail, isTrue, itemsOf, literal, resolve, type Env, type Value } from './python-values.js';

/** Calls whose first argument is a SQL expression: `sa.text("lower(email)")`, `sa.literal_column("x DESC")`. */
const ORDERING = /\s+(asc|desc)(\s+nulls\s+(first|last))?\s*$|\s+nulls\s+(first|last)\s*$/i;
const PLAIN = /^\s*("[^"]+"|[A-Za-z_][\w$]*)\s*$/;
/** A function call PostgreSQL accepts as an index element without parentheses: `lower(email)`. */
const CALL = /^\s*[A-Za-z_][\w$.]*\s*\([^;]*\)\s*$/;

/** One index element as SQL: a column name, or an expression with its ordering. Undefined when not static. */
function indexElement(item: Value): string | undefined {
  const { node: n, env } = resolve(item.node, item.env);
  const name = literal(n, env);
  if (name !== undefined) return ident(name);
  if (n.type !== 'call') return undefined;
  const fn = n.childForFieldName('function');
  const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
  const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
  // sa.column("x").desc(), sa.text("x").asc()
  if ((method === 'desc' || method === 'asc') && object) {
    const inner = indexElement({ node: object, env });
    return inner && `${inner} ${method.toUpperCase()}`;
  }
  const tail = calleeTail(n);
  const arg = callArgs(n).positional[0];
  if ((tail === 'desc' || tail === 'asc') && arg) {
    const inner = indexElement({ node: arg, env });
    return inner && `${inner} ${tail.toUpperCase()}`;
  }
  if (tail === 'column') return literal(arg, env) === undefined ? undefined : ident(literal(arg, env) as string);
  if (!SQL_EXPRESSION.has(tail)) return undefined;
  const sql = literal(arg, env);
  if (!sql?.trim()) return undefined;
  const ordering = ORDERING.exec(sql)?.[0] ?? '';
  let expr = sql.slice(0, sql.length - ordering.length).trim();
  // `sa.text("name gin_trgm_ops")`, `sa.text("lower(email) text_pattern_ops")`: a column or call, then its operator class.
  const opclass = OPERATOR_CLASS.exec(expr);
  const suffix = opclass && isBare(opclass[1]) ? ` ${opclass[2]}` : '';
  if (suffix) expr = opclass![1].trim();
  return `${isBare(expr) ? expr : `(${expr})`}${suffix}${ordering ? ` ${ordering.trim()}` : ''}`;
}

/** An index element PostgreSQL takes as it is: a column, a function call, a parenthesised expression. */
function isBare(expr: string): boolean {
  return PLAIN.test(expr) || CALL.test(expr) || (expr.startsWith('(') && expr.endsWith(')'));
}

/** An element and the operator class after it (`name gin_trgm_ops`, `path public.gist_ltree_ops(siglen=100)`). */
const OPERATOR_CLASS = /^(.*?\S)\s+((?:[A-Za-z_][\w$]*\.)?[A-Za-z_][\w$]*(?:\s*\([^()]*\))?)$/;

/** `CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] name ON table [USING m] (elements) [INCLUDE (...)] [WHERE ...]`. */
function indexSql(params: { name: string | undefined; table: TableRef; elements: string[]; kw: (k: string) => TsNode | undefined; env: Env }): string {
  const { name, table, kw, env } = params;
  let elements = params.elements;
  const unique = isTrue(kw('unique'), env) ? 'UNIQUE ' : '';
  const concurrently = isTrue(kw('postgresql_concurrently'), env) ? 'CONCURRENTLY ' : '';
  const ifNotExists = isTrue(kw('if_not_exists'), env) ? 'IF NOT EXISTS ' : '';
  const using = literal(kw('postgresql_using'), env);
  const include = itemsOf(kw('postgresql_include'), env).map((i) => literal(i.node, i.env)).filter((c): c is string => c !== undefined);
  const where = sqlText(kw('postgresql_where'), env);
  // postgresql_ops={"name": "gin_trgm_ops"}: the operator class of that column.
  const ops = operatorClasses(kw('postgresql_ops'), env);
  if (ops.size) elements = elements.map((e) => {
    const op = ops.get(e.replace(/^"|"$/g, ''));
    return op && /^"?[\w$]+"?$/.test(e) ? `${e} ${op}` : e;
  });
  return (
    `CREATE ${unique}INDEX ${concurrently}${ifNotExists}${name ? ident(name) : ''} ON ${tableSql(table)}` +
    `${using ? ` USING ${ident(using)}` : ''} (${elements.join(', ')})` +
    `${include.length ? ` INCLUDE (${include.map(ident).join(', ')})` : ''}${where ? ` WHERE ${where}` : ''}`
  );
}

/** A `{"column": "opclass"}` dict literal, as column -> operator class (only plain names are kept). */
function operatorClasses(n: TsNode | undefined, env: Env): Map<string, string> {
  const out = new Map<string, string>();
  if (!n) return out;
  const { node: dict, env: scope } = resolve(n, env);
  if (dict.type !== 'dictionary') return out;
  for (const pair of dict.namedChildren) {
    if (pair?.type !== 'pair') continue;
    const key = literal(pair.childForFieldName('key'), scope);
    const value = literal(pair.childForFieldName('value'), scope);
    if (key && value && /^[\w.]+$/.test(value)) out.set(key, value);
  }
  return out;
}

/** op.create_index(name, table, columns, unique=, postgresql_where=, ...) and batch_op.create_index(name, columns). */
export function createIndex(site: OpSite): Translation {
  const table = tableOf(site);
  if (!table) return notStatic('the table name');
  const items = itemsOf(site.args.get('columns'), site.env);
  const elements = items.map(indexElement);
  if (!items.length || elements.some((e) => e === undefined)) return notStatic('an index column', [table]);
  return { sql: indexSql({ name: text(site, 'index_name'), table, elements: elements as string[], kw: site.args.get, env: site.env }), tables: [table] };
}

/** op.drop_index(name, table_name=, schema=, postgresql_concurrently=, if_exists=). */
export function dropIndex(site: OpSite): Translation {
  const name = text(site, 'index_name');
  const table = tableOf(site);
  if (!name) return notStatic('the index name', table ? [table] : []);
  const schema = table?.schema ?? text(site, 'schema');
  const concurrently = flag(site, 'postgresql_concurrently') ? 'CONCURRENTLY ' : '';
  const ifExists = flag(site, 'if_exists') ? 'IF EXISTS ' : '';
  return { sql: `DROP INDEX ${concurrently}${ifExists}${schema ? `${ident(schema)}.` : ''}${ident(name)}`, tables: table ? [table] : [] };
}

/** `sa.Index("ix_name", "col_a", sa.text("lower(b)"), unique=True)` among create_table's arguments. */
export function tableIndex(call: TsNode, table: TableRef, env: Env): string | undefined {
  const args = callArgs(call);
  const [nameNode, ...columnNodes] = args.positional;
  const elements = columnNodes.map((c) => indexElement({ node: c, env }));
  if (!elements.length || elements.some((e) => e === undefined) || args.splats.length) return undefined;
  return indexSql({ name: literal(nameNode, env), table, elements: elements as string[], kw: (k) => args.keyword.get(k), env });
}
