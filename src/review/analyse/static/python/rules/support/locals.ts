import { fieldOf, outerParent, unparen, type PyNode } from '../../syntax/py-node.js';
import { isPrior } from '../../model/scope.js';
import type { CallInfo, Scope } from '../../model/types.js';

/** The value of the plain assignment to a local name in effect at its use (`params = {...}` before `execute(sql, params)`). */
export function lastAssigned(id: PyNode, scope: Scope): PyNode | null {
  const prior = (scope.bindings.get(scope.module.file.text(id)) ?? []).filter((b) => isPrior(b, id));
  const last = prior[prior.length - 1];
  return last?.kind === 'assign' && (last.index ?? -1) < 0 && last.value ? last.value : null;
}

/** A dict literal: written in place, or assigned to the local name used. */
export function dictionaryOf(node: PyNode, scope: Scope): PyNode | null {
  const n = unparen(node);
  if (n.type === 'dictionary') return n;
  const value = n.type === 'identifier' ? lastAssigned(n, scope) : null;
  return value && unparen(value).type === 'dictionary' ? unparen(value) : null;
}

/** The local a call's result is bound to: `smtp = smtplib.SMTP(host)`, `with open(p) as f:`. */
export function boundLocal(call: CallInfo): string | null {
  const parent = outerParent(call.node);
  let target: PyNode | null = null;
  if (parent?.type === 'assignment' && unparen(fieldOf(parent, 'right') ?? parent) === call.node) target = fieldOf(parent, 'left');
  else if (parent?.type === 'as_pattern') target = fieldOf(parent, 'alias')?.children[0] ?? null;
  return target?.type === 'identifier' ? call.scope.module.file.text(target) : null;
}
