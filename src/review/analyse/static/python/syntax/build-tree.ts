import type { Tree } from 'web-tree-sitter';
import type { PythonRuntime } from '../../parsers/python-parser.js';
import type { PyNode } from './py-node.js';
import { describeGrammar, ERROR_TYPE_ID, NO_CHILDREN, type Grammar } from './grammar.js';
import type { CursorOps } from './cursor-access.js';

export interface BuiltTree {
  root: PyNode;
  /** Offset of the first syntax error (an ERROR or MISSING node), or -1. */
  errorAt: number;
}

/** Parses Python and mirrors the tree into PyNodes in one cursor walk; the WASM tree is freed. */
export function buildTree(rt: PythonRuntime, source: string): BuiltTree {
  const grammar = (rt.grammar ??= describeGrammar(rt, (g, direct) => agrees(rt, g, direct))) as Grammar;
  return build(rt, source, grammar);
}

function build(rt: PythonRuntime, source: string, g: Grammar): BuiltTree {
  const tree = rt.parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    const hasError = tree.rootNode.hasError;
    const root: PyNode = { type: 'module', start: 0, end: source.length, field: null, parent: null, children: [], tokens: null };
    const firstError = mirror(tree, g, root, source, hasError);
    const errorAt = firstError >= 0 ? firstError : hasError ? firstMissing(tree) : -1;
    return { root, errorAt };
  } finally {
    tree.delete();
  }
}

/** The walk itself: one visit per tree-sitter node, four cheap reads per named node. */
function mirror(tree: Tree, g: Grammar, root: PyNode, source: string, hasError: boolean): number {
  // With syntax errors an identifier may be a zero-width MISSING node: ask WASM for every end then.
  const scanIdentifiers = !hasError;
  const c = g.open(tree);
  let firstError = -1;
  try {
    if (!c.gotoFirstChild()) return -1;
    const parents: PyNode[] = [];
    let parent = root;
    // Whether the current parent's children fill fields; an unknown type (ERROR) is asked.
    let fields = false;
    const fieldStack: boolean[] = [];
    for (;;) {
      const id = c.typeId();
      let descended = false;
      const isError = id === ERROR_TYPE_ID;
      if (!isError && g.extra[id]) {
        // A comment or line continuation: not part of any construct (see grammar.ts).
      } else if (isError || g.named[id]) {
        const start = c.startIndex();
        const node: PyNode = {
          type: isError ? 'ERROR' : g.typeNames[id],
          start,
          end: id === g.identifier && scanIdentifiers ? identifierEnd(source, start) : c.endIndex(),
          field: fields ? g.fieldNames[c.fieldId()] ?? null : null,
          parent,
          children: NO_CHILDREN,
          tokens: null,
        };
        if (isError) {
          if (firstError < 0) firstError = node.start;
        }
        if (parent.children === NO_CHILDREN) parent.children = [node];
        else parent.children.push(node);
        // A plain string's parts (start, content, end) carry nothing rules need; f-strings do.
        const skip = !isError && (g.leaf[id] || (g.leafy[id] && !isFormatted(source, node.start)));
        if (!skip && c.gotoFirstChild()) {
          parents.push(parent);
          fieldStack.push(fields);
          parent = node;
          fields = isError || g.hasFields[id];
          descended = true;
        }
      } else {
        if (g.kept[id]) (parent.tokens ??= []).push(g.typeNames[id]);
        // Only aliased token sequences (`not in`) have children; they belong to the same parent.
        if (g.compound[id] && c.gotoFirstChild()) {
          parents.push(parent);
          fieldStack.push(fields);
          descended = true;
        }
      }
      if (descended) continue;
      while (!c.gotoNextSibling()) {
        if (!c.gotoParent() || parents.length === 0) return firstError;
        parent = parents.pop()!;
        fields = fieldStack.pop()!;
      }
    }
  } finally {
    c.close();
  }
}

/**
 * Where an identifier starting at `start` ends: identifier characters are ASCII letters, digits and
 * `_`, or any non-ASCII character (Unicode letters); the token never contains anything else.
 */
function identifierEnd(source: string, start: number): number {
  let i = start;
  for (;;) {
    const ch = source.charCodeAt(i);
    if ((ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || (ch >= 48 && ch <= 57) || ch === 95 || (ch > 127 && !isSpace(ch))) i++;
    else return i;
  }
}

function isSpace(ch: number): boolean {
  return ch === 0xa0 || ch === 0xfeff || (ch >= 0x2000 && ch <= 0x200b) || ch === 0x2028 || ch === 0x2029 || ch === 0x3000;
}

/** True when the string literal at `start` has an f prefix (f"", rf'', Fr"""...). */
function isFormatted(source: string, start: number): boolean {
  for (let i = start; i < start + 3 && i < source.length; i++) {
    const ch = source.charCodeAt(i);
    if (ch === 102 || ch === 70) return true; // f F
    if (ch === 34 || ch === 39) return false; // " '
  }
  return false;
}

/** Offset of the first MISSING node (inserted by error recovery); rare, so the public API is fine. */
function firstMissing(tree: Tree): number {
  let node = tree.rootNode;
  for (;;) {
    if (node.isMissing || node.isError) return node.startIndex;
    const next = node.children.find((ch) => ch !== null && ch.hasError);
    if (!next) return node.startIndex;
    node = next;
  }
}

/** The direct cursor must build exactly the tree the public one does, or it is not used. */
function agrees(rt: PythonRuntime, grammar: Grammar, direct: (tree: Tree) => CursorOps): boolean {
  const sample = 'import a as b\n@r.get("/x")\nasync def f(x: int = 1) -> None:\n    await g(x + 1, k=not x)\n    return [y for y in x if y is not None]\n';
  try {
    const viaPublic = JSON.stringify(build(rt, sample, grammar).root, skipParent);
    const viaDirect = JSON.stringify(build(rt, sample, { ...grammar, open: direct }).root, skipParent);
    return viaPublic === viaDirect;
  } catch {
    return false;
  }
}

function skipParent(key: string, value: unknown): unknown {
  return key === 'parent' ? undefined : value;
}

