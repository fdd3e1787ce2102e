import { fieldOf, unparen, walk, type PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { tableName, type OrmModel } from '../../knowledge/orm.js';
import { entityOf, iteratedRows } from '../../knowledge/entities.js';
import { resolveExpr, type Sym } from '../../model/resolve.js';
import { lookupName } from '../../model/scope.js';
import { isTestModule, TEST_PATH } from '../../model/test-modules.js';
import type { Binding, CallInfo, LoopInfo, ModuleModel } from '../../model/types.js';
import { isOneOffCode, onlyRunsAtStartup } from './one-off.js';

/**
 * A table whose rows the code declares: every row is written by install, seed or start-up code, one per
 * item of a collection written in the code (a plugin class's `plugin_events = [ChannelActivityEvent,
 * ThreadActivityEvent]`, a module's `DEFAULT_ROLES = ("admin", "member")`, an Enum's members), inside
 * loops over no query. It holds as many rows as the code lists, whatever the traffic: a loop over its
 * rows is bounded by the code, not by the data.
 *
 * Every production module naming the class must be loaded, and each of its mentions must be a
 * read (a query, a column, an annotation, an import) or such a construction; a function only tests
 * call (a CRUD helper of the test suite) constructs nothing in production. Anything else (a
 * construction in request code, `insert(Model)`, the class handed to a generic service, an
 * `INSERT INTO` its table in SQL text) is a way in for data, and the table is not declared.
 */
export function rowsDeclaredInCode(an: Analysis, model: OrmModel): boolean {
  const cls = model.cls;
  return an.memo(`declared-rows:${cls.module.file.path}:${cls.node.start}`, () => declared(an, model));
}

function declared(an: Analysis, model: OrmModel): boolean {
  const refs = an.nameRefs;
  if (!refs) return false;
  const cls = model.cls;
  for (const table of new Set([tableName(model), snakeCase(cls.name)])) {
    const q = `["\`]?${table}["\`]?`;
    if (refs.codeMatches(new RegExp(`\\bINSERT\\s+INTO\\s+(?:["\`]?\\w+["\`]?\\.)?${q}[\\s(]|\\.(?:table|from_)\\(\\s*["']${table}["']\\s*\\)\\s*\\.\\s*(?:insert|upsert)\\(`, 'i'))) return false;
  }
  const modules: ModuleModel[] = [cls.module];
  for (const use of refs.usesOf(cls.name, cls.module.file.path, cls.node.start, cls.node.end)) {
    if (use.path === cls.module.file.path || !use.path.endsWith('.py') || TEST_PATH.test(use.path)) continue;
    const m = an.project.modelAt(use.path);
    // A module not loaded may write rows the analysis cannot see.
    if (!m) return false;
    if (!isTestModule(m)) modules.push(m);
  }
  let constructions = 0;
  for (const m of modules) {
    const file = m.file;
    let ok = true;
    walk(m.file.root, (n) => {
      if (!ok) return false;
      if (n.type === 'import_statement' || n.type === 'import_from_statement' || n.type === 'type' || n.type === 'string' || n.type === 'comment') return false;
      if (n.type !== 'identifier' || file.text(n) !== cls.name) return;
      const use = useOf(an, m, n, model);
      if (use === 'other') ok = false;
      else if (use === 'construction') constructions++;
    });
    if (!ok) return false;
  }
  return constructions > 0;
}

/** Calls that read rows of a class, or name it without adding rows (a delete, an update, a type test). */
const READS = new Set([
  'query', 'select', 'aliased', 'get', 'get_one', 'isinstance', 'issubclass', 'relationship', 'joinedload', 'selectinload',
  'subqueryload', 'contains_eager', 'with_polymorphic', 'exists', 'join', 'outerjoin', 'select_from', 'with_entities',
  'load_only', 'count', 'delete', 'update', 'cast',
]);

/** What one mention of the class does: a read, a construction of a declared row, or something else (a way in for data). */
function useOf(an: Analysis, m: ModuleModel, name: PyNode, model: OrmModel): 'read' | 'construction' | 'other' {
  const file = m.file;
  // The class statement itself, a keyword's name.
  const named = name.parent;
  if (!named) return 'other';
  if (named.type === 'class_definition' && fieldOf(named, 'name') === name) return 'read';
  if (named.type === 'keyword_argument' && fieldOf(named, 'name') === name) return 'read';
  // `models.PluginEvent`: the class reached through its module (or a namesake of another module, judged alike).
  const n = named.type === 'attribute' && fieldOf(named, 'attribute') === name ? named : name;
  const parent = n.parent;
  if (!parent) return 'other';
  // `PluginEvent.plugin_id == x`, Flask-SQLAlchemy's `PluginEvent.query`: a column, a relationship, a read;
  // another member (`PluginEvent.create(...)`, `__table__`, `model_validate`) may add rows.
  if (parent.type === 'attribute' && fieldOf(parent, 'object') === n) {
    const member = file.text(fieldOf(parent, 'attribute')!);
    return model.columns.has(member) || model.relationships.has(member) || model.primaryKeys.has(member) || member === 'id' || member === 'query' ? 'read' : 'other';
  }
  if (parent.type === 'call' && fieldOf(parent, 'function') === n) {
    const call = m.calls.find((c) => c.node === parent);
    return call && constructsDeclaredRow(an, m, call) ? 'construction' : 'other';
  }
  // An argument of a reading call: `db.query(PluginEvent)`, `select(PluginEvent)`, `isinstance(x, PluginEvent)`.
  let arg: PyNode = parent;
  while ((arg.type === 'tuple' || arg.type === 'list') && arg.parent) arg = arg.parent;
  if (arg.type === 'argument_list' && arg.parent?.type === 'call') {
    const callee = fieldOf(arg.parent, 'function');
    const calleeName = callee ? file.text(callee).replace(/^.*\./, '') : '';
    return READS.has(calleeName) ? 'read' : 'other';
  }
  return 'other';
}

/**
 * `PluginEvent(...)` in install code, in a loop over a collection the code declares, itself in loops over no
 * query; or in a function only tests call.
 */
function constructsDeclaredRow(an: Analysis, m: ModuleModel, call: CallInfo): boolean {
  const fn = call.fn;
  if (fn && onlyTestsCall(an, fn)) return true;
  if (!call.loop || !(isOneOffCode(fn, m) || (fn && onlyRunsAtStartup(an, fn)))) return false;
  if (!declaredCollection(an, call.loop, call)) return false;
  for (let l = call.loop.outer; l; l = l.outer) {
    if (l.kind === 'while' || !l.iter) continue;
    if (iteratedRows(an, l.iter, call.scope)?.many || entityOf(an, l.iter, call.scope)?.many) return false;
  }
  return true;
}

/** A module-level function, undecorated, that only test files name: no production path runs it. */
function onlyTestsCall(an: Analysis, fn: NonNullable<CallInfo['fn']>): boolean {
  if (fn.cls || fn.outer || fn.decorators.length || fn.isLambda) return false;
  const uses = an.nameRefs!.usesOf(fn.name, fn.module.file.path, fn.outerNode.start, fn.outerNode.end);
  return uses.length > 0 && uses.every((u) => TEST_PATH.test(u.path));
}

/** `plugins`, `sorted(plugins)`, `enumerate(plugins)`, `ROLES.items()`: the collection a loop walks. */
function walked(node: PyNode, file: ModuleModel['file']): PyNode {
  let n = unparen(node);
  for (;;) {
    if (n.type !== 'call') return n;
    const callee = fieldOf(n, 'function');
    const args = fieldOf(n, 'arguments')?.children.filter((c) => c.type !== 'comment' && c.type !== 'keyword_argument') ?? [];
    if (callee?.type === 'identifier' && /^(sorted|list|tuple|set|enumerate|reversed)$/.test(file.text(callee)) && args[0]) n = unparen(args[0]);
    else if (callee?.type === 'attribute' && /^(items|values|keys)$/.test(file.text(fieldOf(callee, 'attribute')!)) && args.length === 0) n = unparen(fieldOf(callee, 'object')!);
    else return n;
  }
}

const LITERAL = new Set(['list', 'tuple', 'set', 'dictionary']);

/**
 * The loop walks a collection written in the code: a module constant (imported too) or a class attribute
 * that every class declaring it sets to a literal list / tuple / set / dict, or an Enum class.
 */
function declaredCollection(an: Analysis, loop: LoopInfo, call: CallInfo): boolean {
  if (loop.kind === 'while' || !loop.iter) return false;
  const file = call.scope.module.file;
  const n = walked(loop.iter, file);
  if (LITERAL.has(n.type)) return true;
  if (n.type === 'identifier') {
    const bindings = lookupName(call.scope, file.text(n)) ?? [];
    if (bindings.length && bindings.every((b) => b.scope === call.scope.module.scope && literalBinding(b))) return true;
  }
  if (n.type === 'identifier' || n.type === 'attribute') {
    const sym = resolveExpr(an.project, call.scope, n);
    if (sym && declaredSym(an, sym)) return true;
  }
  if (n.type !== 'attribute') return false;
  // `p.plugin_events` on a registry item: every loaded class that declares the attribute lists it in the code.
  const name = file.text(fieldOf(n, 'attribute')!);
  let declaring = 0;
  for (const m of an.loadedModules()) {
    for (const c of m.classes) {
      if (c.selfAttrs.has(name)) return false;
      const field = c.fields.get(name);
      if (!field) continue;
      if (!field.value || !LITERAL.has(unparen(field.value).type)) return false;
      declaring++;
    }
  }
  return declaring > 0;
}

function literalBinding(b: Binding): boolean {
  return (b.kind === 'assign' && !!b.value && LITERAL.has(unparen(b.value).type) && (b.index ?? -1) < 0);
}

function declaredSym(an: Analysis, sym: Sym): boolean {
  if (sym.t === 'var') return sym.bindings.length > 0 && sym.bindings.every((b) => b.scope === b.scope.module.scope && literalBinding(b));
  if (sym.t === 'cls') return [sym.cls, ...an.baseClasses(sym.cls)].some((c) => c.bases.some((b) => /\b(Enum|IntEnum|StrEnum|Flag|IntFlag)$/.test(c.module.file.text(b))));
  return false;
}

/** `PluginEvent` -> `plugin_event`: the table name a declarative base derives from the class. */
function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
