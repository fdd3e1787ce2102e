import { fieldOf, unparen, type PyNode } from '../syntax/py-node.js';
import type { Analysis } from './analysis.js';
import { resolveName } from '../model/resolve.js';
import { isPrior } from '../model/scope.js';
import type { Scope } from '../model/types.js';
import { ormModelOf, type OrmModel } from './orm.js';
import { resultOf, type QueryResult } from './queries.js';

/** A mapped-class instance (or collection) an expression holds, with the relationships loaded eagerly. */
export interface Entity {
  model: OrmModel;
  many: boolean;
  loaders: Set<string>;
  /** Where the rows were loaded. */
  origin: QueryResult;
}

/** The ORM entity a name or expression holds (query results, loop variables, loaded relationships). */
export function entityOf(an: Analysis, expr: PyNode, scope: Scope, depth = 0): Entity | null {
  const n = unparen(expr);
  const file = scope.module.file;
  if (depth > 6) return null;
  if (n.type === 'identifier') {
    const bs = scope.bindings.get(file.text(n))?.filter((b) => isPrior(b, n));
    const b = bs?.[bs.length - 1];
    if (!b?.value) return null;
    if (b.kind === 'for') {
      const coll = entityOf(an, b.value, scope, depth + 1);
      return coll && coll.many && (b.index ?? -1) < 0 ? { ...coll, many: false } : null;
    }
    if (b.kind === 'assign' && (b.index ?? -1) < 0) return entityOf(an, b.value, scope, depth + 1);
    return null;
  }
  // Descends into a child: no cycle to guard against.
  if (n.type === 'await') return n.children[0] ? entityOf(an, n.children[0], scope, depth) : null;
  if (n.type === 'attribute') {
    const owner = entityOf(an, ownerOf(n, file), scope, depth + 1);
    const rel = owner && !owner.many ? owner.model.relationships.get(file.text(fieldOf(n, 'attribute')!)) : null;
    if (!owner || !rel || !rel.target) return null;
    const target = modelNamed(an, owner.model, rel.target);
    return target ? { model: target, many: rel.many, loaders: owner.loaders, origin: owner.origin } : null;
  }
  const kept = keptIterable(n, file);
  if (kept) {
    const coll = entityOf(an, kept, scope, depth + 1);
    return coll?.many ? coll : null;
  }
  // Its own budget: a relationship of a row a repository returned needs both.
  const r = resultOf(an, n, scope);
  return r?.stmt.model ? { model: r.stmt.model, many: r.many, loaders: r.stmt.loaders, origin: r } : null;
}

/** The rows a loop iterates: query results, or a comprehension keeping some of them (`[c for c in rows if ...]`). */
export function iteratedRows(an: Analysis, expr: PyNode, scope: Scope, depth = 0): QueryResult | null {
  const direct = resultOf(an, expr, scope, depth);
  if (direct || depth > 6) return direct;
  const n = unparen(expr);
  const file = scope.module.file;
  if (n.type === 'identifier') {
    const bs = scope.bindings.get(file.text(n))?.filter((b) => isPrior(b, n) && b.kind === 'assign' && b.value && (b.index ?? -1) < 0);
    const last = bs?.[bs.length - 1];
    return last ? iteratedRows(an, last.value!, scope, depth + 1) : null;
  }
  const kept = keptIterable(n, file);
  const rows = kept ? iteratedRows(an, kept, scope, depth + 1) : null;
  return rows?.many ? rows : null;
}

/** `[x for x in rows if ...]`: the iterable whose items a comprehension keeps unchanged, or null. */
function keptIterable(n: PyNode, file: Scope['module']['file']): PyNode | null {
  if (n.type !== 'list_comprehension' && n.type !== 'generator_expression') return null;
  const clauses = n.children.filter((c) => c.type === 'for_in_clause');
  const body = fieldOf(n, 'body');
  const target = clauses.length === 1 ? fieldOf(clauses[0], 'left') : null;
  if (!body || !target || body.type !== 'identifier' || target.type !== 'identifier' || file.text(body) !== file.text(target)) return null;
  return fieldOf(clauses[0], 'right');
}

/** The object whose relationship an attribute reads: `row` for `row.rel` and for `row.awaitable_attrs.rel`. */
function ownerOf(attr: PyNode, file: Scope['module']['file']): PyNode {
  const obj = fieldOf(attr, 'object')!;
  const inner = unparen(obj);
  return inner.type === 'attribute' && file.text(fieldOf(inner, 'attribute')!) === AWAITABLE_ATTRS ? fieldOf(inner, 'object')! : obj;
}

/** SQLAlchemy's `AsyncAttrs`: `await row.awaitable_attrs.rel` loads a relationship explicitly. */
export const AWAITABLE_ATTRS = 'awaitable_attrs';

/**
 * The mapped class a relationship targets, by name: the same module first, then what the module
 * imports under that name (often under TYPE_CHECKING), then any loaded module with one such class.
 */
function modelNamed(an: Analysis, from: OrmModel, name: string): OrmModel | null {
  const module = from.cls.module;
  const local = module.classes.find((c) => c.name === name);
  if (local) return ormModelOf(local);
  const sym = module.scope.bindings.has(name) ? resolveName(an.project, module.scope, name) : null;
  if (sym?.t === 'cls') return ormModelOf(sym.cls);
  return an.memo(`orm-model:${name}`, () => {
    const found = [...an.loadedModules()].flatMap((m) => m.classes.filter((c) => c.name === name && ormModelOf(c)));
    return found.length === 1 ? ormModelOf(found[0]) : null;
  });
}
