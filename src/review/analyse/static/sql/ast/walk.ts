import { tagOf, type PgNode } from './node.js';

/** A node met during a walk: its tag, its body and the tagged nodes above it (nearest last). */
export interface Visit {
  tag: string;
  body: Record<string, unknown>;
  node: PgNode;
  ancestors: readonly PgNode[];
}

/**
 * Calls `visit` for every tagged node under `root`, depth first. Returning false from `visit`
 * skips that node's children (used to stop at sub-selects).
 */
export function walk(root: unknown, visit: (v: Visit) => boolean | void): void {
  const stack: PgNode[] = [];
  const go = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) go(item);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const tag = tagOf(value);
    if (tag && isNodeBody((value as Record<string, unknown>)[tag])) {
      const node = value as PgNode;
      const body = (value as Record<string, Record<string, unknown>>)[tag];
      if (visit({ tag, body, node, ancestors: stack }) === false) return;
      stack.push(node);
      for (const key of Object.keys(body)) go(body[key]);
      stack.pop();
      return;
    }
    for (const key of Object.keys(value)) go((value as Record<string, unknown>)[key]);
  };
  go(root);
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
