import type { Node as TsNode } from 'web-tree-sitter';
import { callArgs } from './call-args.js';
import type { BatchTable } from './op-site.js';
import { callsIn, loopBindings, moduleFunctions, onPostgres, withContexts } from './python-flow.js';
import { calleeName, calleeTail, type Env, type Value } from './python-values.js';

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
  /**
   * Runs only when a condition the deploy decides holds (an `if` on a query's result, a `while`), or
   * inside a `try` whose handler catches its failure: the replay runs it, but cannot tell whether a
   * real deploy would, or would stop on its error.
   */
  conditional: boolean;
}

interface Scope {
  env: Map<string, Value>;
  functions: ReadonlyMap<string, TsNode>;
  batches: ReadonlyMap<string, BatchTable>;
  autocommit: boolean;
  conditional: boolean;
  /** Helper functions being expanded (recursion guard) and how deep the walk is. */
  calling: readonly string[];
  depth: number;
}

const EXECUTE = new Set(['execute', 'exec_driver_sql']);
/** Nesting (blocks and helper calls) beyond which the walk stops: real revisions stay far below. */
const MAX_DEPTH = 40;
const MAX_HELPERS = 6;

/**
 * Walks `upgrade()` the way Python would run it, as far as the text tells: helper functions of the
 * module are followed with their arguments, loops over literal lists are unrolled, branches on the
 * dialect take the PostgreSQL side (other branches all run), `batch_alter_table` and
 * `autocommit_block` contexts are tracked. Iterative over calls, depth-bounded over blocks.
 * `classes` binds the Python classes the revision uses by name (an enum class of the project).
 */
export function upgradeSteps(root: TsNode, classes: ReadonlyMap<string, Value> = new Map()): Step[] {
  const upgrade = moduleFunctions(root).get('upgrade');
  if (!upgrade) return [];
  // The enum classes the revision names (see enumClassBindings), then its module constants.
  const env = new Map<string, Value>(classes);
  const functions = moduleFunctions(root);
  bindAssignments(root, env);
  const steps: Step[] = [];
  const body = upgrade.childForFieldName('body');
  if (body) runBlock(body, { env, functions, batches: new Map(), autocommit: false, conditional: false, calling: ['upgrade'], depth: 0 }, steps);
  return steps;
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

function runBlock(block: TsNode, outer: Scope, steps: Step[]): 'return' | void {
  if (outer.depth > MAX_DEPTH) return;
  const local = moduleFunctions(block);
  const scope = local.size ? { ...outer, functions: new Map([...outer.functions, ...local]) } : outer;
  for (const stmt of block.namedChildren) {
    if (!stmt || stmt.type === 'comment') continue;
    if (runStatement(stmt, scope, steps) === 'return') return 'return';
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
    case 'try_statement': {
      // A handler catches what fails in the body: the deploy goes on.
      const caught = stmt.namedChildren.some((c) => c?.type === 'except_clause' || c?.type === 'except_group_clause');
      const tried = stmt.childForFieldName('body');
      if (tried) runBlock(tried, caught ? { ...inner, conditional: true } : inner, steps);
      for (const part of stmt.namedChildren.filter((c) => c?.type === 'else_clause' || c?.type === 'finally_clause')) {
        const body = part?.namedChildren.find((c) => c?.type === 'block');
        if (body) runBlock(body, inner, steps);
      }
      return;
    }
    case 'while_statement': {
      const body = stmt.childForFieldName('body');
      if (body) runBlock(body, { ...inner, conditional: true }, steps);
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

/**
 * `if <dialect is postgresql>:` takes the PostgreSQL side (and a `return` there ends the revision on PostgreSQL:
 * `if dialect != "sqlite": return`); any other condition runs every branch, each conditional.
 */
function runIf(stmt: TsNode, scope: Scope, steps: Step[]): 'return' | void {
  const branches: { condition: TsNode | null; body: TsNode | null }[] = [{ condition: stmt.childForFieldName('condition'), body: stmt.childForFieldName('consequence') }];
  for (const alt of stmt.namedChildren) {
    if (alt?.type === 'elif_clause') branches.push({ condition: alt.childForFieldName('condition'), body: alt.childForFieldName('consequence') });
    if (alt?.type === 'else_clause') branches.push({ condition: null, body: alt.childForFieldName('body') });
  }
  // A condition other than the dialect (a query's result, a setting) is decided by the deploy.
  let decided = true;
  for (const branch of branches) {
    const holds = branch.condition ? onPostgres(branch.condition, scope.functions) : true;
    if (holds === false) continue;
    if (holds === undefined) decided = false;
    const ended = branch.body ? runBlock(branch.body, decided ? scope : { ...scope, conditional: true }, steps) : undefined;
    if (decided && ended === 'return') return 'return';
    if (holds === true && branch.condition) return;
  }
}

/** A loop over literal items runs once per item; other loops run their body once with the loop names unbound. */
function runFor(stmt: TsNode, scope: Scope, steps: Step[]): void {
  const body = stmt.childForFieldName('body');
  if (!body) return;
  const loop = loopBindings(stmt, scope.env);
  if (!loop.bindings) {
    const env = new Map(scope.env);
    for (const name of loop.names) env.delete(name);
    runBlock(body, { ...scope, env }, steps);
    return;
  }
  for (const binding of loop.bindings) runBlock(body, { ...scope, env: new Map([...scope.env, ...binding]) }, steps);
}

/** `with op.batch_alter_table("t") as batch_op:` and `with op.get_context().autocommit_block():`. */
function runWith(stmt: TsNode, scope: Scope, steps: Step[]): void {
  const contexts = withContexts(stmt, scope.env);
  const batches = new Map(scope.batches);
  for (const batch of contexts.batches) batches.set(batch.alias, batch);
  const body = stmt.childForFieldName('body');
  if (body) runBlock(body, { ...scope, batches, autocommit: scope.autocommit || contexts.autocommit }, steps);
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
      steps.push({ call, op: tail, display: name, env: scope.env, batch, autocommit: scope.autocommit, conditional: scope.conditional });
    } else if (object === 'op' && dot === name.lastIndexOf('.')) {
      steps.push({ call, op: tail, display: name, env: scope.env, autocommit: scope.autocommit, conditional: scope.conditional });
    } else if (EXECUTE.has(tail) && dot > 0) {
      const autocommit = scope.autocommit || autocommitConnection(call, object, scope.env);
      steps.push({ call, op: 'execute', display: name.replace(/\(.*\)/, '()'), env: scope.env, autocommit, conditional: scope.conditional });
    } else if (dot < 0 && scope.functions.has(name)) runHelper({ call, name, scope, steps });
    else if (TYPE_DDL.has(tail) && dot > 0) {
      // `status_enum.create(op.get_bind())`: an enum type created (or dropped) on its own; see explicitEnumDdl.
      steps.push({ call, op: `type_${tail}`, display: name.replace(/\(.*\)/, '()'), env: scope.env, autocommit: scope.autocommit, conditional: scope.conditional });
    }
  }
}

/** A SQLAlchemy type's own DDL methods, run with a connection. */
const TYPE_DDL = new Set(['create', 'drop']);

const AUTOCOMMIT = /\.execution_options\(\s*[^)]*isolation_level\s*=\s*["']AUTOCOMMIT["']/;

/**
 * SQL run on a connection set to AUTOCOMMIT (`conn = op.get_bind().execution_options(isolation_level="AUTOCOMMIT")`,
 * or inline): each statement commits on its own, outside the revision's transaction, as in an autocommit_block.
 */
function autocommitConnection(call: TsNode, object: string, env: ReadonlyMap<string, Value>): boolean {
  const callee = call.childForFieldName('function');
  if (callee && AUTOCOMMIT.test(callee.text)) return true;
  const bound = env.get(object);
  return !!bound && AUTOCOMMIT.test(bound.node.text);
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

