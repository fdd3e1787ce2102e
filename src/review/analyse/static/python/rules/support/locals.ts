import { unparen, type PyNode } from '../../syntax/py-node.js';
import { isPrior } from '../../model/scope.js';
import type { Scope } from '../../model/types.js';

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
