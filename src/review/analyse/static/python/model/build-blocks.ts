import { fieldOf, hasToken, type PyNode } from '../syntax/py-node.js';
import { bindTargets } from './build-bindings.js';
import type { FunctionInfo, LoopInfo, ModuleModel, Scope } from './types.js';

/** The walk state: where we are while visiting a node. */
export interface At {
  scope: Scope;
  fn: FunctionInfo | null;
  loop: LoopInfo | null;
}

/** The model builder as the block visitors see it: the module being built and the walk. */
export interface Walker {
  readonly model: ModuleModel;
  visit(node: PyNode, at: At): void;
}

/** `for` (and `async for`): the iterable once, the target bound, the body (not the else block) inside the loop. */
export function visitFor(w: Walker, node: PyNode, at: At): void {
  const left = fieldOf(node, 'left');
  const right = fieldOf(node, 'right');
  if (right) w.visit(right, at);
  const loop: LoopInfo = { node, kind: 'for', iter: right, target: left, isAsync: hasToken(node, 'async'), outer: at.loop };
  if (at.fn) at.fn.loops.push(loop);
  bindTargets(w.model, { target: left, kind: 'for', value: right, scope: at.scope, isAsync: loop.isAsync });
  const inner = { ...at, loop };
  for (const ch of node.children) {
    if (ch === right || ch === left) continue;
    // The else block runs once, after the loop.
    w.visit(ch, ch.type === 'else_clause' ? at : inner);
  }
}

/** A comprehension: its first iterable outside, its targets bound, the rest inside the loop. */
export function visitComprehension(w: Walker, node: PyNode, at: At): void {
  const clauses = node.children.filter((c) => c.type === 'for_in_clause');
  const first = clauses[0];
  const firstIter = first ? fieldOf(first, 'right') : null;
  if (firstIter) w.visit(firstIter, at);
  const loop: LoopInfo = {
    node, kind: 'comprehension', iter: firstIter, target: first ? fieldOf(first, 'left') : null,
    isAsync: first ? hasToken(first, 'async') : false, outer: at.loop,
  };
  if (at.fn) at.fn.loops.push(loop);
  const inner = { ...at, loop };
  for (const clause of clauses) bindTargets(w.model, { target: fieldOf(clause, 'left'), kind: 'for', value: fieldOf(clause, 'right'), scope: at.scope, isAsync: hasToken(clause, 'async') });
  for (const ch of node.children) {
    if (ch === first) continue;
    if (ch.type === 'for_in_clause') {
      for (const part of ch.children) if (part.field !== 'left') w.visit(part, inner);
    } else w.visit(ch, inner);
  }
}

/** `with a as b` (and `async with`): the context expressions, their targets bound, the body. */
export function visitWith(w: Walker, node: PyNode, at: At): void {
  const isAsync = hasToken(node, 'async');
  const clause = node.children.find((c) => c.type === 'with_clause');
  for (const item of clause?.children ?? []) {
    const value = fieldOf(item, 'value');
    if (value?.type === 'as_pattern') {
      const expr = value.children.find((c) => c.field !== 'alias') ?? null;
      const target = fieldOf(value, 'alias')?.children[0] ?? null;
      bindTargets(w.model, { target, kind: 'with', value: expr, scope: at.scope, isAsync });
      if (expr) w.visit(expr, at);
    } else if (value) w.visit(value, at);
  }
  for (const ch of node.children) if (ch !== clause) w.visit(ch, at);
}
