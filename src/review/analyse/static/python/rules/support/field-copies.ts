import { fieldOf, outerParent, unparen, type PyNode } from '../../syntax/py-node.js';
import { methodName, positional, stringValue } from '../../model/call-args.js';
import { ormModelOf } from '../../knowledge/orm.js';
import { resolveExpr } from '../../model/resolve.js';
import type { CallInfo, ClassInfo, FunctionInfo, Scope } from '../../model/types.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { dictionaryOf } from './locals.js';

/** One column a write sets by name: `User(role=...)`, `.values(role=...)`, `.insert({"role": ...})`. */
export interface FieldCopy {
  field: string;
  value: PyNode;
  /** The mapped class written, when known (a constructor or `insert(Model).values`). */
  target: ClassInfo | null;
  /** How the write reads in the message: `User(...)`, `.insert({...})`. */
  what: string;
}

/**
 * The named fields a call writes to a row: keyword arguments of an ORM constructor, of SQLAlchemy
 * `.values(...)`, and the keys of a dict passed to a PostgREST `.insert / .update / .upsert`.
 */
export function fieldCopies(an: Analysis, call: CallInfo, isPostgrestWrite: (call: CallInfo) => boolean): FieldCopy[] {
  const file = call.scope.module.file;
  const callee = unparen(call.callee);
  const method = methodName(call.node, file);
  if (!method) {
    const sym = resolveExpr(an.project, call.scope, callee);
    if (sym?.t !== 'cls' || !ormModelOf(sym.cls)) return [];
    return keywords(call.node, file).map((k) => ({ ...k, target: sym.cls, what: `\`${file.text(callee)}(...)\`` }));
  }
  if (method === 'values') {
    const dict = positional(call.node, 0);
    const pairs = dict ? dictPairs(dict, call) : keywords(call.node, file);
    return pairs.map((k) => ({ ...k, target: insertTarget(an, call), what: '`.values(...)`' }));
  }
  if (/^(insert|update|upsert)$/.test(method) && isPostgrestWrite(call)) {
    const first = positional(call.node, 0);
    return first ? dictPairs(first, call).map((k) => ({ ...k, target: null, what: `\`.${method}({...})\`` })) : [];
  }
  return [];
}

function keywords(call: PyNode, file: CallInfo['scope']['module']['file']): { field: string; value: PyNode }[] {
  const out: { field: string; value: PyNode }[] = [];
  for (const a of fieldOf(call, 'arguments')?.children ?? []) {
    const name = a.type === 'keyword_argument' ? fieldOf(a, 'name') : null;
    const value = a.type === 'keyword_argument' ? fieldOf(a, 'value') : null;
    if (name && value) out.push({ field: file.text(name), value });
  }
  return out;
}

function dictPairs(node: PyNode, call: CallInfo): { field: string; value: PyNode }[] {
  const file = call.scope.module.file;
  const dict = dictionaryOf(node, call.scope);
  const out: { field: string; value: PyNode }[] = [];
  for (const pair of dict?.children ?? []) {
    const key = pair.type === 'pair' ? fieldOf(pair, 'key') : null;
    const value = pair.type === 'pair' ? fieldOf(pair, 'value') : null;
    const name = key ? stringValue(key, file) : null;
    if (name && value) out.push({ field: name, value });
  }
  return out;
}

/** `insert(User).values(...)` / `update(User).values(...)`: the mapped class. */
function insertTarget(an: Analysis, call: CallInfo): ClassInfo | null {
  let n: PyNode | null = fieldOf(call.node, 'function');
  while (n && (n.type === 'attribute' || n.type === 'call')) {
    if (n.type === 'call' && /(^|\.)(insert|update)$/.test(call.scope.module.file.text(fieldOf(n, 'function') ?? n))) {
      const first = positional(n, 0);
      const sym = first ? resolveExpr(an.project, call.scope, unparen(first)) : null;
      return sym?.t === 'cls' && ormModelOf(sym.cls) ? sym.cls : null;
    }
    n = n.type === 'attribute' ? fieldOf(n, 'object') : fieldOf(n, 'function');
  }
  return null;
}

/** `user.role = body.role` on a mapped row (a loaded row, the authenticated user): one field set by name. */
export function attributeCopies(an: Analysis, fn: FunctionInfo): { site: { fn: FunctionInfo; scope: Scope; node: PyNode }; copy: FieldCopy }[] {
  const out: { site: { fn: FunctionInfo; scope: Scope; node: PyNode }; copy: FieldCopy }[] = [];
  const file = fn.module.file;
  for (const attr of fn.attributes) {
    const statement = outerParent(attr);
    if (statement?.type !== 'assignment' || fieldOf(statement, 'left') !== attr) continue;
    const obj = fieldOf(attr, 'object');
    const name = fieldOf(attr, 'attribute');
    const value = fieldOf(statement, 'right');
    const row = obj ? an.infer.valueOf(obj, fn.scope) : null;
    if (!name || !value || row?.t !== 'obj' || !ormModelOf(row.cls)) continue;
    out.push({ site: { fn, scope: fn.scope, node: statement }, copy: { field: file.text(name), value, target: row.cls, what: `\`${file.text(attr)} = ...\`` } });
  }
  return out;
}
