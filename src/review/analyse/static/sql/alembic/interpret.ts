import type { Node as TsNode } from 'web-tree-sitter';
import { callArgs } from './call-args.js';
import type { BatchTable } from './op-site.js';
import { calleeName, calleeTail, itemsOf, literal, resolve, type Env, type Value } from './python-values.js';

/** One call of the revision's upgrade that runs SQL, in the order Alembic runs them. */
export interface Step {
  call: TsNode;
  /** "execute" for SQL run by `op.execute` / `conn.execute`, else the Alembic operation's name. */
  op: string;
  /** How a reader names the call: "op.create_table", "batch_op.add_column", "conn.execute". */
  display: string;
  env: Env;
  batch?: BatchTable;
  /** Inside `with op.get_context().autocommit_block():`, outside the revision's transaction. */
  autocommit: boolean;
}

interface Scope {
  env: Map<string, Value>;
  functions: ReadonlyMap<string, TsNode>;
  batches: ReadonlyMap<string, BatchTable>;
  autocommit: boolean;
  /** Helper functions being expanded (recursion guard) and how deep the walk is. */
  calling: readonly string[];
  depth: number;
}

const EXECUTE = new Set(['execute', 'exec_driver_sql']);
/** Nesting (blocks and helper calls) beyond which the walk stops: real revisions stay far below. */
const MAX_DEPTH = 40;
const MAX_HELPERS = 6;
/** A loop over a literal list is unrolled up to this many items. */
const MAX_UNROLL = 64;
/** Builtins a loop may wrap its list in without changing which items it runs over. */
const ORDER_ONLY = new Set(['reversed', 'sorted', 'list', 'tuple', 'set']);
const SKIP = new Set(['function_definition', 'class_definition', 'decorated_definition', 'lambda']);

/**
 * Walks `upgrade()` the way Python would run it, as far as the text tells: helper functions of the
 * module are followed with their arguments, loops over literal lists are unrolled, branches on the
 * dialect take the PostgreSQL side (other branches all run), `batch_alter_table` and
 * `autocommit_block` contexts are tracked. Iterative over calls, depth-bounded over blocks.
 */
export function upgradeSteps(root: TsNode): Step[] {
  const upgrade = moduleFunctions(root).get('upgrade');
  if (!upgrade) return [];
  const env = new Map<string, Value>();
  const functions = moduleFunctions(root);
  bindAssignments(root, env);
  const steps: Step[] = [];
  const body = upgrade.childForFieldName('body');
  if (body) runBlock(body, { env, functions, batches: new Map(), autocommit: false, calling: ['upgrade'], depth: 0 }, steps);
  return steps;
}

function moduleFunctions(root: TsNode): Map<string, TsNode> {
  const out = new Map<string, TsNode>();
  for (const child of root.namedChildren) {
    const def = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    const name = def?.type === 'function_definition' ? def.childForFieldName('name')?.text : undefined;
    if (def && name) out.set(name, def);
  }
  return out;
}

/** `NAME = value` statements of a block, bound in order (module constants, entity definitions). */
function bindAssignments(block: TsNode, env: Map<string, Value>): void {
  for (const stmt of block.namedChildren) if (stmt) bindAssignment(stmt, env);
}

function bindAssignment(stmt: TsNode, env: Map<string, Value>): void {
  const assign = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
  if (assign?.type !== 'assignment') return;
  const left = assign.childForFieldName('left');
  const right = assign.childForFieldName('right');
  if (left?.type === 'identifier' && right) env.set(left.text, { node: right, env: new Map(env) });
}

function runBlock(block: TsNode, outer: Scope, steps: Step[]): void {
  if (outer.depth > MAX_DEPTH) return;
  const local = moduleFunctions(block);
  const scope = local.size ? { ...outer, functions: new Map([...outer.functions, ...local]) } : outer;
  for (const stmt of block.namedChildren) {
    if (!stmt || stmt.type === 'comment') continue;
    if (runStatement(stmt, scope, steps) === 'return') return;
  }
}

function runStatement(stmt: TsNode, scope: Scope, steps: Step[]): 'return' | void {
  const inner = { ...scope, depth: scope.depth + 1 };
  switch (stmt.type) {
    case 'if_statement':
      return runIf(stmt, inner, steps);
    case 'for_statement':
      return runFor(stmt, inner, steps);
    case 'with_statement':
      return runWith(stmt, inner, steps);
    case 'try_statement':
      for (const part of [stmt.childForFieldName('body'), ...stmt.namedChildren.filter((c) => c?.type === 'else_clause' || c?.type === 'finally_clause')]) {
        const body = part?.type === 'block' ? part : part?.namedChildren.find((c) => c?.type === 'block');
        if (body) runBlock(body, inner, steps);
      }
      return;
    case 'while_statement': {
      const body = stmt.childForFieldName('body');
      if (body) runBlock(body, inner, steps);
      return;
    }
    case 'function_definition':
    case 'class_definition':
    case 'decorated_definition':
      return;
    default:
      runCalls(stmt, scope, steps);
      bindAssignment(stmt, scope.env);
      return stmt.type === 'return_statement' ? 'return' : undefined;
  }
}

/** `if <dialect is postgresql>:` takes the PostgreSQL side; any other condition runs every branch. */
function runIf(stmt: TsNode, scope: Scope, steps: Step[]): void {
  const branches: { condition: TsNode | null; body: TsNode | null }[] = [{ condition: stmt.childForFieldName('condition'), body: stmt.childForFieldName('consequence') }];
  for (const alt of stmt.namedChildren) {
    if (alt?.type === 'elif_clause') branches.push({ condition: alt.childForFieldName('condition'), body: alt.childForFieldName('consequence') });
    if (alt?.type === 'else_clause') branches.push({ condition: null, body: alt.childForFieldName('body') });
  }
  for (const branch of branches) {
    const holds = branch.condition ? onPostgres(branch.condition) : true;
    if (holds === false) continue;
    if (branch.body) runBlock(branch.body, scope, steps);
    if (holds === true && branch.condition) return;
  }
}

const DIALECT_NAME = /\b(dialect|engine)\.name\b|\bdialect\s*\)?$/;

/** The value of a condition on the dialect's name for PostgreSQL, or undefined for anything else. */
function onPostgres(condition: TsNode): boolean | undefined {
  const text = condition.text.replace(/\s+/g, ' ').trim();
  const cmp = /^(.+?) (==|!=|is not|is|not in|in) (.+)$/.exec(text);
  if (!cmp || !DIALECT_NAME.test(cmp[1])) return undefined;
  const names = [...cmp[3].matchAll(/["']([\w+]+)["']/g)].map((m) => m[1].toLowerCase());
  if (!names.length) return undefined;
  const matches = names.some((n) => n === 'postgresql' || n === 'postgres' || n === 'postgresql+psycopg2' || n === 'postgresql+asyncpg');
  return cmp[2] === '==' || cmp[2] === 'is' || cmp[2] === 'in' ? matches : !matches;
}

/**
 * `for name in [literal, ...]:` (or `for a, b in [(..., ...), ...]:`) runs once per item; other
 * loops run their body once with the loop names unbound.
 */
function runFor(stmt: TsNode, scope: Scope, steps: Step[]): void {
  const left = stmt.childForFieldName('left');
  const right = stmt.childForFieldName('right');
  const body = stmt.childForFieldName('body');
  if (!body || !left) return;
  const names = left.type === 'identifier' ? [left] : left.namedChildren.filter((c): c is TsNode => c?.type === 'identifier');
  const items = right ? loopItems(right, scope.env) : [];
  const bindings = items.length <= MAX_UNROLL ? items.map((item) => bindItem(left, names, item)) : [];
  if (!bindings.length || bindings.some((b) => !b)) {
    const env = new Map(scope.env);
    for (const n of names) env.delete(n.text);
    runBlock(body, { ...scope, env }, steps);
    return;
  }
  for (const binding of bindings) runBlock(body, { ...scope, env: new Map([...scope.env, ...(binding as [string, Value][])]) }, steps);
}

/** What a loop runs over when the text says: a literal list, tuple or set, a dict's keys, `.items()`, `.values()`. */
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

/** `with op.batch_alter_table("t") as batch_op:` and `with op.get_context().autocommit_block():`. */
function runWith(stmt: TsNode, scope: Scope, steps: Step[]): void {
  const batches = new Map(scope.batches);
  let autocommit = scope.autocommit;
  const clause = stmt.namedChildren.find((c) => c?.type === 'with_clause');
  for (const item of clause?.namedChildren ?? []) {
    const value = item?.type === 'with_item' ? item.childForFieldName('value') : undefined;
    const expr = value?.type === 'as_pattern' ? value.namedChildren[0] : value;
    const alias = value?.type === 'as_pattern' ? value.childForFieldName('alias')?.text : undefined;
    if (!expr || expr.type !== 'call') continue;
    if (calleeTail(expr) === 'autocommit_block') autocommit = true;
    if (calleeTail(expr) === 'batch_alter_table' && alias) {
      const args = callArgs(expr);
      const name = literal(args.positional[0] ?? args.keyword.get('table_name'), scope.env);
      const schema = literal(args.keyword.get('schema'), scope.env);
      batches.set(alias, { alias, table: name ? (schema ? { schema, name } : { name }) : undefined });
    }
  }
  const body = stmt.childForFieldName('body');
  if (body) runBlock(body, { ...scope, batches, autocommit }, steps);
}

/** The calls of a simple statement, in source order, as steps; calls of the module's helpers are followed. */
function runCalls(stmt: TsNode, scope: Scope, steps: Step[]): void {
  for (const call of callsIn(stmt)) {
    const name = calleeName(call);
    const dot = name.indexOf('.');
    const object = dot < 0 ? '' : name.slice(0, dot);
    const tail = calleeTail(call);
    const batch = scope.batches.get(object);
    if (batch && dot === name.lastIndexOf('.')) {
      steps.push({ call, op: tail, display: name, env: scope.env, batch, autocommit: scope.autocommit });
    } else if (object === 'op' && dot === name.lastIndexOf('.')) {
      steps.push({ call, op: tail, display: name, env: scope.env, autocommit: scope.autocommit });
    } else if (EXECUTE.has(tail) && dot > 0) {
      steps.push({ call, op: 'execute', display: name.replace(/\(.*\)/, '()'), env: scope.env, autocommit: scope.autocommit });
    } else if (dot < 0 && scope.functions.has(name)) runHelper({ call, name, scope, steps });
  }
}

/** A module function called from upgrade(): its body runs with the call's arguments bound to its parameters. */
function runHelper(params: { call: TsNode; name: string; scope: Scope; steps: Step[] }): void {
  const { call, name, scope, steps } = params;
  const def = scope.functions.get(name);
  const body = def?.childForFieldName('body');
  if (!def || !body || name === 'downgrade' || scope.calling.includes(name) || scope.calling.length > MAX_HELPERS) return;
  const env = new Map<string, Value>();
  for (const [k, v] of scope.env) env.set(k, v);
  const args = callArgs(call);
  let position = 0;
  for (const param of def.childForFieldName('parameters')?.namedChildren ?? []) {
    const id = param?.type === 'identifier' ? param : (param?.childForFieldName('name') ?? (param?.type === 'typed_parameter' ? param.namedChildren[0] : null));
    if (!param || !id || id.type !== 'identifier') continue;
    const given = args.keyword.get(id.text) ?? args.positional[position++];
    const fallback = param.childForFieldName('value');
    if (given) env.set(id.text, { node: given, env: scope.env });
    else if (fallback) env.set(id.text, { node: fallback, env: scope.env });
    else env.delete(id.text);
  }
  runBlock(body, { ...scope, env, calling: [...scope.calling, name], depth: scope.depth + 1 }, steps);
}

/** Call nodes under `node` in source order (outer before inner), not inside nested functions or lambdas. */
function callsIn(node: TsNode): TsNode[] {
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
