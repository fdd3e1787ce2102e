import type { Node as TsNode } from 'web-tree-sitter';
import { callArgs } from './call-args.js';
import type { BatchTable } from './op-site.js';
import { calleeName, calleeTail, enumClass, enumMembers, itemsOf, literal, resolve, type Env, type Value } from './python-values.js';

/* What the text of a migration tells about its control flow, for the walk of upgrade(). */

/** Builtins a loop may wrap its list in without changing which items it runs over. */
const ORDER_ONLY = new Set(['reversed', 'sorted', 'list', 'tuple', 'set']);
/** A loop over a literal list is unrolled up to this many items. */
const MAX_UNROLL = 64;
const SKIP = new Set(['function_definition', 'class_definition', 'decorated_definition', 'lambda']);

/** The functions defined in a module or block, by name. */
export function moduleFunctions(root: TsNode): Map<string, TsNode> {
  const out = new Map<string, TsNode>();
  for (const child of root.namedChildren) {
    const def = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    const name = def?.type === 'function_definition' ? def.childForFieldName('name')?.text : undefined;
    if (def && name) out.set(name, def);
  }
  return out;
}

/** `op.get_bind().dialect.name`, `context.dialect.name`, `bind.engine.name`. */
/** A setting holding the PostgreSQL connection URL (`letta_pg_uri_no_default`, `postgres_dsn`, `PG_URL`). */
const PG_URL_SETTING = /(^|_)(pg|postgres|postgresql)(_\w+)?_(uri|url|dsn)(_\w+)?$/i;
const DIALECT_NAME = /\b(dialect|engine)\.name\b|\bdialect\s*\)?$/;

/**
 * The value of a condition on the dialect's name for PostgreSQL (`bind.dialect.name == "postgresql"`,
 * `not is_sqlite()` with a module helper that returns such a comparison), undefined for anything else.
 */
export function onPostgres(condition: TsNode, functions: ReadonlyMap<string, TsNode>, depth = 0): boolean | undefined {
  if (depth > 4) return undefined;
  if (condition.type === 'not_operator') {
    const inner = condition.childForFieldName('argument');
    const value = inner ? onPostgres(inner, functions, depth + 1) : undefined;
    return value === undefined ? undefined : !value;
  }
  if (condition.type === 'parenthesized_expression' && condition.namedChildren[0]) return onPostgres(condition.namedChildren[0], functions, depth + 1);
  if (condition.type === 'call' && !callArgs(condition).positional.length) {
    const returned = returnedExpression(functions.get(calleeName(condition)));
    return returned ? onPostgres(returned, functions, depth + 1) : undefined;
  }
  const text = condition.text.replace(/\s+/g, ' ').trim();
  // `if settings.pg_uri:` / `if not config.postgres_url:`: a PostgreSQL connection URL is configured, the
  // deployment is on PostgreSQL (the other side is the project's SQLite mode).
  if ((condition.type === 'attribute' || condition.type === 'identifier') && PG_URL_SETTING.test(text.slice(text.lastIndexOf('.') + 1))) return true;
  const cmp = /^(.+?) (==|!=|is not|is|not in|in) (.+)$/.exec(text);
  if (!cmp || !DIALECT_NAME.test(cmp[1])) return undefined;
  const names = [...cmp[3].matchAll(/["']([\w+]+)["']/g)].map((m) => m[1].toLowerCase());
  if (!names.length) return undefined;
  const matches = names.some((n) => n === 'postgresql' || n === 'postgres' || n === 'postgresql+psycopg2' || n === 'postgresql+asyncpg');
  return cmp[2] === '==' || cmp[2] === 'is' || cmp[2] === 'in' ? matches : !matches;
}

/** The expression of a helper whose body is `return <expression>` (after an optional docstring). */
function returnedExpression(def: TsNode | undefined): TsNode | undefined {
  const body = def?.childForFieldName('body')?.namedChildren.filter((c): c is TsNode => !!c && c.type !== 'comment') ?? [];
  const statements = body[0]?.type === 'expression_statement' && body[0].namedChildren[0]?.type === 'string' ? body.slice(1) : body;
  return statements.length === 1 && statements[0].type === 'return_statement' ? (statements[0].namedChildren[0] ?? undefined) : undefined;
}

/**
 * The names a `for` statement binds, and for a loop over literal items (a list, a dict's keys,
 * `.items()`, `reversed(...)`) the bindings of each iteration; undefined bindings when not literal.
 */
export function loopBindings(stmt: TsNode, env: Env): { names: string[]; bindings?: [string, Value][][] } {
  const left = stmt.childForFieldName('left');
  const right = stmt.childForFieldName('right');
  if (!left) return { names: [] };
  const names = left.type === 'identifier' ? [left] : left.namedChildren.filter((c): c is TsNode => c?.type === 'identifier');
  const items = right ? loopItems(right, env) : [];
  const bindings = items.length <= MAX_UNROLL ? items.map((item) => bindItem(left, names, item)) : [];
  const complete = bindings.length > 0 && bindings.every((b) => b !== undefined);
  return { names: names.map((n) => n.text), bindings: complete ? (bindings as [string, Value][][]) : undefined };
}

/** What a loop runs over when the text says: a literal list, tuple or set, a dict's keys, `.items()`, `.values()`, an enum class's members. */
function loopItems(right: TsNode, env: Env): Value[] {
  if (right.type === 'call' && ORDER_ONLY.has(calleeName(right))) {
    const inner = callArgs(right).positional[0];
    const items = inner ? loopItems(inner, env) : [];
    return calleeName(right) === 'reversed' ? items.reverse() : items;
  }
  const fn = right.type === 'call' ? right.childForFieldName('function') : undefined;
  const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
  const target = method && fn ? fn.childForFieldName('object') : right;
  if (!target) return [];
  // `for size in ImagePreviewSize:` over an enum class of the project: its members, aliases left out, as Python iterates them.
  const cls = method ? undefined : enumClass(target, env);
  if (cls) return (enumMembers(cls) ?? []).map((m) => ({ node: m.assignment, env: new Map() }));
  const value = resolve(target, env);
  if (value.node.type === 'dictionary') {
    const pairs = value.node.namedChildren.filter((c): c is TsNode => c?.type === 'pair');
    const pick = (p: TsNode) => (method === 'items' ? p : method === 'values' ? p.childForFieldName('value') : p.childForFieldName('key'));
    return pairs.map(pick).filter((n): n is TsNode => !!n).map((node) => ({ node, env: value.env }));
  }
  if (method || !['list', 'tuple', 'set'].includes(value.node.type)) return [];
  return itemsOf(value.node, value.env);
}

/** The names a loop item binds: the item itself, or the parts of a tuple item. */
function bindItem(left: TsNode, names: TsNode[], item: Value): [string, Value][] | undefined {
  if (left.type === 'identifier') return [[left.text, item]];
  const parts = itemsOf(item.node, item.env);
  if (parts.length !== names.length || names.length !== left.namedChildren.length) return undefined;
  return names.map((n, i) => [n.text, parts[i]]);
}

/** The batch tables and autocommit block a `with` statement opens. */
export function withContexts(stmt: TsNode, env: Env): { batches: BatchTable[]; autocommit: boolean } {
  const batches: BatchTable[] = [];
  let autocommit = false;
  const clause = stmt.namedChildren.find((c) => c?.type === 'with_clause');
  for (const item of clause?.namedChildren ?? []) {
    const value = item?.type === 'with_item' ? item.childForFieldName('value') : undefined;
    const expr = value?.type === 'as_pattern' ? value.namedChildren[0] : value;
    const alias = value?.type === 'as_pattern' ? value.childForFieldName('alias')?.text : undefined;
    if (!expr || expr.type !== 'call') continue;
    if (calleeTail(expr) === 'autocommit_block') autocommit = true;
    if (calleeTail(expr) === 'batch_alter_table' && alias) {
      const args = callArgs(expr);
      const name = literal(args.positional[0] ?? args.keyword.get('table_name'), env);
      const schema = literal(args.keyword.get('schema'), env);
      batches.push({ alias, table: name ? (schema ? { schema, name } : { name }) : undefined });
    }
  }
  return { batches, autocommit };
}

/** Call nodes under `node` in source order (outer before inner), not inside nested functions or lambdas. */
export function callsIn(node: TsNode): TsNode[] {
  const out: TsNode[] = [];
  const todo: TsNode[] = [node];
  while (todo.length) {
    const n = todo.pop() as TsNode;
    if (SKIP.has(n.type)) continue;
    if (n.type === 'call') out.push(n);
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const child = n.namedChild(i);
      if (child) todo.push(child);
    }
  }
  return out;
}
