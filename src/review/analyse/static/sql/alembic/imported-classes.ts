import type { Parser, Tree, Node as TsNode } from 'web-tree-sitter';
import { calleeTail, type Value } from './python-values.js';

/**
 * Reads a module of the repository: `candidates` are the file paths it may be at, relative to the
 * repository root when `exact`, else to any folder of it (`app/types.py` is also `src/app/types.py`).
 */
export type ModuleReader = (candidates: string[], exact: boolean) => Promise<{ path: string; text: string } | null>;

/** How many re-exports (`from .types import Status` in a package's __init__) are followed. */
const MAX_HOPS = 3;

/**
 * The classes the revision passes to `sa.Enum(Cls)` (or loops over: `for size in Size:`), bound by
 * the name the revision uses: defined in the revision itself, or imported from a module of the
 * project (`from app.types import Status`, `from app import types` then `types.Status`), through a
 * few re-exports. The trees of the modules read are returned for the caller to free.
 */
export async function enumClassBindings(params: { root: TsNode; path: string; parser: Parser; read?: ModuleReader }): Promise<{ bindings: Map<string, Value>; trees: Tree[] }> {
  const { root, path, parser, read } = params;
  const bindings = new Map<string, Value>();
  const trees: Tree[] = [];
  const wanted = classNamesUsed(root);
  if (!wanted.size) return { bindings, trees };
  const local = topLevelClasses(root);
  const imports = importsOf(root, path);
  const find = async (module: ModuleRef, name: string, hops: number): Promise<TsNode | undefined> => {
    const found = read ? await read(module.candidates, module.exact) : null;
    if (!found) return undefined;
    const tree = parser.parse(found.text);
    if (!tree) return undefined;
    trees.push(tree);
    const cls = topLevelClasses(tree.rootNode).get(name);
    if (cls) return cls;
    // A package that re-exports the class: `from .types import Status`.
    const again = importsOf(tree.rootNode, found.path).get(name);
    return again && hops < MAX_HOPS ? find(again.module, again.name, hops + 1) : undefined;
  };
  for (const used of wanted) {
    const dot = used.lastIndexOf('.');
    let cls: TsNode | undefined;
    if (dot < 0) {
      const imported = imports.get(used);
      cls = local.get(used) ?? (imported ? await find(imported.module, imported.name, 0) : undefined);
    } else {
      // `types.Status`: `types` is a module the revision imported (`from app import types`, `import app.types as types`).
      const module = imports.get(used.slice(0, dot));
      if (module) cls = await find(submodule(module), used.slice(dot + 1), 0);
    }
    if (cls) bindings.set(used, { node: cls, env: new Map() });
  }
  return { bindings, trees };
}

/** Names passed as the only argument of an Enum type, or looped over: `Status`, `types.Status`. */
function classNamesUsed(root: TsNode): Set<string> {
  const out = new Set<string>();
  const isName = (n: TsNode | null | undefined) => !!n && (n.type === 'identifier' || (n.type === 'attribute' && /^[\w.]+$/.test(n.text)));
  for (const call of root.descendantsOfType('call')) {
    if (!call || calleeTail(call).toLowerCase() !== 'enum') continue;
    const first = call.childForFieldName('arguments')?.namedChildren.find((c) => c && c.type !== 'comment');
    if (first && isName(first)) out.add(first.text);
  }
  for (const loop of root.descendantsOfType('for_statement')) {
    const right = loop?.childForFieldName('right');
    if (right && isName(right)) out.add(right.text);
  }
  return out;
}

function topLevelClasses(root: TsNode): Map<string, TsNode> {
  const out = new Map<string, TsNode>();
  for (const child of root.namedChildren) {
    const def = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    const name = def?.type === 'class_definition' ? def.childForFieldName('name')?.text : undefined;
    if (def && name) out.set(name, def);
  }
  return out;
}

interface ModuleRef {
  candidates: string[];
  /** True when the candidates are paths from the repository root (a relative import). */
  exact: boolean;
  /** A path the module may be at, for relative imports inside it. */
  file: string;
}

/** The name a module-level import binds -> the module and the name inside it (`from m import x as y`: y -> m, x). */
function importsOf(root: TsNode, path: string): Map<string, { module: ModuleRef; name: string }> {
  const out = new Map<string, { module: ModuleRef; name: string }>();
  for (const stmt of root.namedChildren) {
    if (stmt?.type === 'import_from_statement') {
      const from = stmt.childForFieldName('module_name');
      const module = from ? moduleRef(from, path) : undefined;
      if (!module) continue;
      for (const item of stmt.childrenForFieldName('name')) {
        const name = item?.type === 'aliased_import' ? item.childForFieldName('name')?.text : item?.text;
        const alias = item?.type === 'aliased_import' ? item.childForFieldName('alias')?.text : name;
        if (name && alias) out.set(alias, { module, name });
      }
    } else if (stmt?.type === 'import_statement') {
      // `import app.types as types`: `types.Status` is class Status of app.types (the name is the module itself).
      for (const item of stmt.childrenForFieldName('name')) {
        if (item?.type !== 'aliased_import') continue;
        const dotted = item.childForFieldName('name')?.text;
        const alias = item.childForFieldName('alias')?.text;
        if (dotted && alias) out.set(alias, { module: absolute(dotted), name: '' });
      }
    }
  }
  return out;
}

/** The module a name bound by an import is, when it is one (`from app import types`: app/types). */
function submodule(bound: { module: ModuleRef; name: string }): ModuleRef {
  if (!bound.name) return bound.module;
  const { module, name } = bound;
  const base = module.file.replace(/(\/__init__)?\.py$/, '');
  return { candidates: [`${base}/${name}.py`, `${base}/${name}/__init__.py`], exact: module.exact, file: `${base}/${name}.py` };
}

function absolute(dotted: string): ModuleRef {
  const base = dotted.replace(/\./g, '/');
  return { candidates: [`${base}.py`, `${base}/__init__.py`], exact: false, file: `${base}.py` };
}

/** `app.types` or `.types` / `..core.types` (relative to the importing file's package). */
function moduleRef(node: TsNode, path: string): ModuleRef | undefined {
  if (node.type === 'dotted_name') return absolute(node.text);
  if (node.type !== 'relative_import') return undefined;
  const dots = node.namedChildren.find((c) => c?.type === 'import_prefix')?.text.length ?? 0;
  const rest = node.namedChildren.find((c) => c?.type === 'dotted_name')?.text;
  const dirs = path.split('/').slice(0, -1);
  const parent = dirs.slice(0, Math.max(0, dirs.length - (dots - 1)));
  const base = [...parent, ...(rest ? rest.split('.') : [])].join('/');
  if (!rest) return { candidates: [`${base}/__init__.py`], exact: true, file: `${base}/__init__.py` };
  return { candidates: [`${base}.py`, `${base}/__init__.py`], exact: true, file: `${base}.py` };
}
