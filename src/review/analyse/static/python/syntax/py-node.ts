/**
 * A plain-JavaScript mirror of the tree-sitter tree: named nodes only, with their field name and
 * the few anonymous tokens rules care about (operators, `async`). Rules read this instead of the
 * WASM tree, so every property access is a JS property access, not a call into WebAssembly.
 */
export interface PyNode {
  type: string;
  /** Offsets into the file text (JS string indices). */
  start: number;
  end: number;
  /** The grammar field this node fills in its parent (`function`, `arguments`, `left`...). */
  field: string | null;
  parent: PyNode | null;
  /** Named children, in source order. */
  children: PyNode[];
  /** Anonymous tokens of interest in source order (`+`, `%`, `==`, `not in`, `async`...), or null. */
  tokens: string[] | null;
}

/** The first named child filling `field`, or null. */
export function fieldOf(node: PyNode, field: string): PyNode | null {
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) if (kids[i].field === field) return kids[i];
  return null;
}

/** Every named child filling `field`. */
export function fieldsOf(node: PyNode, field: string): PyNode[] {
  return node.children.filter((c) => c.field === field);
}

/** The first named child of a type, or null. */
export function childOfType(node: PyNode, type: string): PyNode | null {
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) if (kids[i].type === type) return kids[i];
  return null;
}

/** True when the node carries an anonymous token (e.g. `async` on a function_definition). */
export function hasToken(node: PyNode, token: string): boolean {
  return node.tokens !== null && node.tokens.includes(token);
}

/** The node itself, or the expression inside any number of parentheses. */
export function unparen(node: PyNode): PyNode {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.children.length === 1) n = n.children[0];
  return n;
}

/** The parent, skipping parentheses around the node. */
export function outerParent(node: PyNode): PyNode | null {
  let p = node.parent;
  while (p && p.type === 'parenthesized_expression') p = p.parent;
  return p;
}

/** True when `inner` lies inside `outer` (or is it). */
export function contains(outer: PyNode, inner: PyNode): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/** Calls `visit` on every node under `root` (pre-order); return false from visit to skip a subtree. */
export function walk(root: PyNode, visit: (n: PyNode) => boolean | void): void {
  const stack: PyNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (visit(n) === false) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}

/**
 * The `if` / `elif` tests `node` runs under, innermost first, each with the block it guards, climbing until `stop`
 * holds for a node (the function, the loop): `if not token:` around `log(token)`.
 */
export function* guardingTests(node: PyNode, stop: (n: PyNode) => boolean): Generator<{ test: PyNode; body: PyNode }> {
  for (let n: PyNode = node; n.parent && !stop(n); n = n.parent) {
    const branch = n.parent;
    if (n.field !== 'consequence' || (branch.type !== 'if_statement' && branch.type !== 'elif_clause')) continue;
    const test = fieldOf(branch, 'condition');
    if (test) yield { test, body: n };
  }
}
