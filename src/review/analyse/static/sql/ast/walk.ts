import { tagOf, type PgNode } from './node.js';

/** A node met during a walk: its tag, its body and the tagged nodes above it (nearest last). */
export interface Visit {
  tag: string;
  body: Record<string, unknown>;
  node: PgNode;
  ancestors: readonly PgNode[];
}

/** A value still to visit, or the marker that leaves a tagged node (pops it off the ancestors). */
type Step = { value: unknown } | { leave: true };

/**
 * Calls `visit` for every tagged node under `root`, depth first, in source order. Returning false
 * from `visit` skips that node's children (used to stop at sub-selects). Iterative: a parse tree
 * is as deep as the SQL is nested (`a || b || ...` nests once per operand), deeper than the stack.
 */
export function walk(root: unknown, visit: (v: Visit) => boolean | void): void {
  const ancestors: PgNode[] = [];
  const todo: Step[] = [{ value: root }];
  while (todo.length) {
    const step = todo.pop() as Step;
    if ('leave' in step) {
      ancestors.pop();
      continue;
    }
    const value = step.value;
    if (!value || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) todo.push({ value: value[i] });
      continue;
    }
    const record = value as Record<string, unknown>;
    const tag = tagOf(value);
    if (tag && isNodeBody(record[tag])) {
      const node = value as PgNode;
      const body = record[tag] as Record<string, unknown>;
      if (visit({ tag, body, node, ancestors }) === false) continue;
      ancestors.push(node);
      todo.push({ leave: true });
      pushChildren(todo, body);
      continue;
    }
    pushChildren(todo, record);
  }
}

function pushChildren(todo: Step[], record: Record<string, unknown>): void {
  const keys = Object.keys(record);
  for (let i = keys.length - 1; i >= 0; i--) todo.push({ value: record[keys[i]] });
}

function isNodeBody(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** Every tagged node under `root` with tag `tag`. */
export function collect(root: unknown, tag: string): Visit[] {
  const out: Visit[] = [];
  walk(root, (v) => {
    if (v.tag === tag) out.push(v);
  });
  return out;
}
