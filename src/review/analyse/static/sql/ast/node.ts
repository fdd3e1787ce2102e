import type { Node } from 'libpg-query';

/**
 * libpg-query trees are JSON: every node is a one-key object `{ Tag: body }`. These helpers give
 * typed access to a body by tag, so the rest of the engine never indexes nodes by hand.
 */
export type PgNode = Node;
type Tagged<K extends PropertyKey> = Extract<Node, Record<K, unknown>>;
export type NodeTag = Node extends infer U ? (U extends Record<infer K, unknown> ? K : never) : never;
export type NodeBody<K extends NodeTag> = Tagged<K>[K];

/** The body of `node` when it has tag `tag`, else undefined. */
export function as<K extends NodeTag>(node: Node | undefined | null, tag: K): NodeBody<K> | undefined {
  if (!node || typeof node !== 'object' || !(tag in node)) return undefined;
  return (node as unknown as Record<K, NodeBody<K>>)[tag];
}

/** The tag of a node (`"CreateStmt"`), or undefined for a non-node value. */
export function tagOf(node: unknown): string | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  // Node tags are PascalCase; untagged bodies (a RangeVar under `table:`) have lower-case keys.
  return keys.length === 1 && /^[A-Z]/.test(keys[0]) ? keys[0] : undefined;
}

/** The text of a `String` node (identifiers and names in lists are String nodes). */
export function stringOf(node: Node | undefined): string | undefined {
  return as(node, 'String')?.sval;
}

/** The strings of a name list such as `["public", "notes"]`; non-String items are skipped. */
export function stringsOf(nodes: readonly Node[] | undefined): string[] {
  const out: string[] = [];
  for (const n of nodes ?? []) {
    const s = stringOf(n);
    if (s !== undefined) out.push(s);
  }
  return out;
}

/** The value of a constant: string, number, boolean, or null for SQL NULL; undefined if not a constant. */
export function constValue(node: Node | undefined): string | number | boolean | null | undefined {
  const c = as(node, 'A_Const');
  if (!c) return undefined;
  if (c.isnull) return null;
  // Protobuf JSON omits default values: `ival: {}` is 0 and `boolval: {}` is false.
  if (c.sval) return c.sval.sval ?? '';
  if (c.ival) return c.ival.ival ?? 0;
  if (c.fval) return Number(c.fval.fval ?? 0);
  if (c.boolval) return c.boolval.boolval ?? false;
  return undefined;
}

/** The first source location (byte offset) inside a node, or undefined. Iterative: trees nest deep. */
export function firstLocation(node: unknown): number | undefined {
  const todo: unknown[] = [node];
  while (todo.length) {
    const value = todo.pop();
    if (!value || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) todo.push(value[i]);
      continue;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.location === 'number' && record.location >= 0) return record.location;
    const keys = Object.keys(record);
    for (let i = keys.length - 1; i >= 0; i--) todo.push(record[keys[i]]);
  }
  return undefined;
}
