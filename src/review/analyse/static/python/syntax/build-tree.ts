import type { Language, Tree } from 'web-tree-sitter';
import type { PythonRuntime } from '../parser.js';
import type { PyNode } from './py-node.js';
import { directCursorFactory, publicCursor, type CursorOps } from './cursor-access.js';

/** Anonymous tokens kept on their parent: operators and the `async` keyword. */
const KEPT_TOKENS = new Set([
  '+', '-', '*', '/', '%', '//', '**', '@', '|', '&', '^', '<<', '>>', '~',
  '<', '>', '<=', '>=', '==', '!=', '<>', 'in', 'not', 'is', 'is not', 'not in', 'and', 'or',
  'async', '+=', '-=', '*=', '/=', '%=', '|=', ':=',
]);
const ERROR_TYPE_ID = 65535;

/** What the builder needs to know about the grammar, computed once per runtime. */
interface Grammar {
  typeNames: string[];
  named: boolean[];
  kept: boolean[];
  fieldNames: (string | null)[];
  /** Node types whose children are skipped unless `descendInto` says otherwise (plain strings). */
  leafy: boolean[];
  open: (tree: Tree) => CursorOps;
}

const grammars = new WeakMap<PythonRuntime, Grammar>();

function describeGrammar(rt: PythonRuntime): Grammar {
  const lang: Language = rt.language;
  const count = lang.nodeTypeCount;
  const typeNames: string[] = [];
  const named: boolean[] = [];
  const kept: boolean[] = [];
  for (let id = 0; id < count; id++) {
    const name = lang.nodeTypeForId(id) ?? '';
    typeNames.push(name);
    named.push(lang.nodeTypeIsNamed(id));
    kept.push(!lang.nodeTypeIsNamed(id) && KEPT_TOKENS.has(name));
  }
  const leafy = typeNames.map((t) => t === 'string');
  const grammar: Grammar = { typeNames, named, kept, fieldNames: lang.fields, leafy, open: publicCursor };
  const direct = directCursorFactory(rt.wasm);
  if (direct && agrees(rt, grammar, direct)) grammar.open = direct;
  return grammar;
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

export interface BuiltTree {
  root: PyNode;
  /** Offset of the first syntax error (an ERROR or MISSING node), or -1. */
  errorAt: number;
}

/** Parses Python and mirrors the tree into PyNodes in one cursor walk; the WASM tree is freed. */
export function buildTree(rt: PythonRuntime, source: string): BuiltTree {
  let grammar = grammars.get(rt);
  if (!grammar) {
    grammar = describeGrammar(rt);
    grammars.set(rt, grammar);
  }
  return build(rt, source, grammar);
}

function build(rt: PythonRuntime, source: string, g: Grammar): BuiltTree {
  const tree = rt.parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    const hasError = tree.rootNode.hasError;
    const root: PyNode = { type: 'module', start: 0, end: source.length, field: null, parent: null, children: [], tokens: null };
    const firstError = mirror(tree, g, root, source);
    const errorAt = firstError >= 0 ? firstError : hasError ? firstMissing(tree) : -1;
    return { root, errorAt };
  } finally {
    tree.delete();
  }
}

/** The walk itself: one visit per tree-sitter node, four cheap reads per named node. */
function mirror(tree: Tree, g: Grammar, root: PyNode, source: string): number {
  const c = g.open(tree);
  let firstError = -1;
  try {
    if (!c.gotoFirstChild()) return -1;
    const parents: PyNode[] = [];
    let parent = root;
    for (;;) {
      const id = c.typeId();
      let descended = false;
      if (id === ERROR_TYPE_ID || g.named[id]) {
        const node: PyNode = {
          type: id === ERROR_TYPE_ID ? 'ERROR' : g.typeNames[id],
          start: c.startIndex(),
          end: c.endIndex(),
          field: g.fieldNames[c.fieldId()] ?? null,
          parent,
          children: [],
          tokens: null,
        };
        if (id === ERROR_TYPE_ID && firstError < 0) firstError = node.start;
        parent.children.push(node);
        // A plain string's parts (start, content, end) carry nothing rules need; f-strings do.
        if ((!g.leafy[id] || isFormatted(source, node.start)) && c.gotoFirstChild()) {
          parents.push(parent);
          parent = node;
          descended = true;
        }
      } else {
        if (g.kept[id]) (parent.tokens ??= []).push(g.typeNames[id]);
        // Anonymous nodes rarely have children; if one does, its children belong to the same parent.
        if (c.gotoFirstChild()) {
          parents.push(parent);
          descended = true;
        }
      }
      if (descended) continue;
      while (!c.gotoNextSibling()) {
        if (!c.gotoParent() || parents.length === 0) return firstError;
        parent = parents.pop()!;
      }
    }
  } finally {
    c.close();
  }
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
