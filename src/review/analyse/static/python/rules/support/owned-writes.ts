import { fieldOf, outerParent, unparen, type PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { isAuthDependency } from '../../knowledge/auth.js';
import { chainTop, resultOf } from '../../knowledge/queries.js';
import { ormModelOf, type OrmModel } from '../../knowledge/orm.js';
import { ownerColumns } from '../../knowledge/ownership.js';
import { resolveExpr } from '../../model/resolve.js';
import type { CallInfo, FunctionInfo } from '../../model/types.js';
import { helperLoadById } from './helper-loads.js';

/** What the app's authentication looks like, from every dependency in the loaded modules. */
export interface AppAuth {
  /** Some dependency of the app authenticates callers: anonymous access is a choice, not the default. */
  exists: boolean;
  /** The mapped class an auth dependency returns (`-> Patron`), when there is one. */
  principal: OrmModel | null;
}

export function appAuth(an: Analysis): AppAuth {
  return an.memo('app-auth', () => {
    let exists = false;
    let principal: OrmModel | null = null;
    for (const target of an.dependencyTargets()) {
      if (!isAuthDependency(an.project, target)) continue;
      exists = true;
      const sym = resolveExpr(an.project, target.scope, unparen(target.node));
      const ret = sym?.t === 'fn' && sym.fn.returnType ? an.infer.annotationValue(sym.fn.returnType, sym.fn.scope.parent ?? sym.fn.module.scope) : null;
      const model = ret?.t === 'obj' ? ormModelOf(ret.cls) : null;
      if (model) {
        principal = model;
        break;
      }
    }
    return { exists, principal };
  });
}

export interface OwnedWrite {
  model: OrmModel;
  owner: string;
  id: string;
}

/**
 * A record that belongs to someone, loaded by a path id and then changed or deleted in the route
 * (`loan = db.query(Loan).get(loan_id); loan.due_on = ...`), directly or through a repository call.
 */
export function ownedRecordChanged(an: Analysis, fn: FunctionInfo, ids: string[], principal: OrmModel | null): OwnedWrite | null {
  const file = fn.module.file;
  for (const call of fn.calls) {
    for (const id of ids) {
      const model = loadedModel(an, call, id);
      const owners = model ? ownerColumns(model, principal) : [];
      if (!model || !owners.length) continue;
      const name = assignedName(call.node, file);
      if (name && changes(fn, name)) return { model, owner: owners[0], id };
    }
  }
  return null;
}

/** The mapped class of the single object a call loads by `id` (a query in the route, or a helper). */
function loadedModel(an: Analysis, call: CallInfo, id: string): OrmModel | null {
  const file = call.scope.module.file;
  const rows = resultOf(an, call.node, call.scope);
  if (rows && rows.exec === call.node) {
    const single = !(resultOf(an, chainTop(call.node), call.scope)?.many ?? rows.many);
    const byId = new RegExp(`\\b${id}\\b`).test(file.text(chainTop(call.node)));
    return single && byId ? rows.stmt.model : null;
  }
  if (!an.mayBeProjectFunction(call.name)) return null;
  return helperLoadById(an, call, id)?.rows.stmt.model ?? null;
}

/** `x = <call chain>` (awaited or not): the name the loaded object is kept in. */
function assignedName(call: PyNode, file: FunctionInfo['module']['file']): string | null {
  const top = chainTop(call);
  const p = outerParent(top);
  const left = p?.type === 'assignment' && fieldOf(p, 'right') === top ? fieldOf(p, 'left') : null;
  return left?.type === 'identifier' ? file.text(left) : null;
}

/** Public interaction counters (`post.views += 1`): anonymous callers bump them by design. */
const COUNTER = /(^|_)(views?|likes?|votes?|upvotes?|downvotes?|hits|clicks|downloads|plays|shares|impressions|count)$/;

/** The route assigns a field of the object (`x.a = ...`) or deletes it (`db.delete(x)`); counters do not count. */
function changes(fn: FunctionInfo, name: string): boolean {
  const file = fn.module.file;
  for (const attr of fn.attributes) {
    const obj = fieldOf(attr, 'object');
    if (!obj || obj.type !== 'identifier' || file.text(obj) !== name) continue;
    const p = outerParent(attr);
    if ((p?.type !== 'assignment' && p?.type !== 'augmented_assignment') || fieldOf(p, 'left') !== attr) continue;
    if (p.type === 'augmented_assignment' && COUNTER.test(file.text(fieldOf(attr, 'attribute')!))) continue;
    return true;
  }
  return fn.calls.some((c) => c.name === 'delete' && (fieldOf(c.node, 'arguments')?.children ?? []).some((a) => a.type === 'identifier' && file.text(a) === name));
}
