import { fieldOf, walk, type PyNode } from '../../syntax/py-node.js';
import { kwarg, positional, stringValue } from '../../model/call-args.js';
import { lookupName } from '../../model/scope.js';
import type { Sym } from '../../model/resolve.js';
import type { CallInfo, Scope } from '../../model/types.js';

/**
 * Where a path points into the code's own package: `__file__`, a package's `__path__`
 * (`letta.__path__[0]`), importlib.resources, pkg_resources.
 */
const PACKAGE_ANCHOR = /\b__file__\b|\b__path__\b|\bimportlib\.resources\b|\bresources\.files\(|\bpkg_resources\b|\bresource_filename\(|\bget_data\(/;

/** What the path's names lead to beyond the module's own bindings. */
export interface PathSources {
  /** True for a path the repository's tree holds. */
  shipped: (path: string) => boolean;
  /** What a name or attribute chain denotes across modules (an imported constant, a project function). */
  resolve?: (node: PyNode, scope: Scope) => Sym | null;
  /** For a parameter of a helper the caller is known for: the argument that caller passed, in its scope. */
  argument?: (param: string, scope: Scope) => { node: PyNode; scope: Scope } | null;
}

/**
 * True for a read of a file that ships with the code (a prompt, a template, a bundled JSON): its path
 * is built from `__file__` or the package's resources, or is a relative path to a file the repository
 * holds (`Path("app/prompts/system.txt")`), directly or through a local, a loop over a list of such
 * paths, a module constant (imported ones too) or a class attribute (`cls.PROMPTS_DIR`), the return
 * value of a project helper (`for path in list_persona_files():`), or, inside a helper, the argument
 * its caller passed (`TestConfig.from_file(str(Path(__file__).parent / rel))`). Such a file is small,
 * local and read-only: reading it on the event loop costs microseconds from the page cache, not a
 * request's latency.
 */
export function readsPackageData(call: CallInfo, method: string | null, sources: PathSources = { shipped: () => false }): boolean {
  const file = call.scope.module.file;
  let path: PyNode | null | undefined;
  if (!method) {
    // open(path, mode): reading only.
    const mode = positional(call.node, 1) ?? kwarg(call.node, 'mode', file);
    const m = mode ? stringValue(mode, file) : 'r';
    if (m === null || /[wax+]/.test(m)) return false;
    path = positional(call.node, 0) ?? kwarg(call.node, 'file', file);
  } else {
    if (!/^(read_text|read_bytes|open)$/.test(method)) return false;
    if (method === 'open') {
      const mode = positional(call.node, 0) ?? kwarg(call.node, 'mode', file);
      const m = mode ? stringValue(mode, file) : 'r';
      if (m === null || /[wax+]/.test(m)) return false;
    }
    path = fieldOf(call.callee, 'object');
  }
  return !!path && fromPackage({ node: path, scope: call.scope, depth: 0, sources });
}

interface Where {
  node: PyNode;
  /** The scope the node is read in (its module is the node's file). */
  scope: Scope;
  depth: number;
  sources: PathSources;
}

/** How many steps (a binding, a helper's return, a caller's argument) a path is followed back. */
const MAX_DEPTH = 6;

function fromPackage(w: Where): boolean {
  const { node, scope, depth } = w;
  const module = scope.module;
  const text = module.file.text(node);
  if (PACKAGE_ANCHOR.test(text)) return true;
  if (depth >= MAX_DEPTH) return false;
  const names: PyNode[] = [];
  let inRepo = false;
  walk(node, (n) => {
    if (n.type === 'identifier' || n.type === 'attribute') names.push(n);
    // `Path("app/prompts/system.txt")`: a relative path to a file the repository itself holds.
    if (n.type === 'string' && !n.children.some((c) => c.type === 'interpolation')) {
      const value = stringValue(n, module.file)?.replace(/^\.\//, '');
      if (value && !value.startsWith('/') && w.sources.shipped(value)) inRepo = true;
      return false;
    }
  });
  if (inRepo) return true;
  for (const n of names) {
    if (n.type === 'identifier') {
      if (n.parent?.type === 'attribute' && fieldOf(n.parent, 'attribute') === n) continue;
      const name = module.file.text(n);
      for (const b of lookupName(scope, name) ?? []) {
        if (b.value && fromPackage({ ...w, node: b.value, scope: b.valueScope ?? b.scope, depth: depth + 1 })) return true;
        // A helper's parameter: what its caller passed.
        const arg = b.kind === 'param' ? w.sources.argument?.(name, b.scope) : null;
        if (arg && fromPackage({ ...w, node: arg.node, scope: arg.scope, depth: depth + 1 })) return true;
        if ((b.kind === 'import' || b.kind === 'def') && elsewhere(w, n)) return true;
      }
    } else {
      if (elsewhere(w, n)) return true;
      // `cls.PROMPTS_DIR`, `self.TEMPLATES`, `Settings.BASE_DIR`: a class attribute of this module.
      const attr = fieldOf(n, 'attribute');
      const name = attr ? module.file.text(attr) : '';
      for (const cls of module.classes) {
        const value = cls.fields.get(name)?.value;
        if (value && fromPackage({ ...w, node: value, scope: cls.scope, depth: depth + 1 })) return true;
      }
    }
  }
  return false;
}

/**
 * A name that leads out of the function: an imported module constant (`from app.paths import PROMPTS_DIR`),
 * or a project function called for the path (`list_persona_files()`, `paths.prompts_dir()`), whose
 * returned values are followed.
 */
function elsewhere(w: Where, n: PyNode): boolean {
  const sym = w.sources.resolve?.(n, w.scope);
  if (!sym) return false;
  const next = { ...w, depth: w.depth + 1 };
  if (sym.t === 'var') return sym.bindings.some((b) => !!b.value && fromPackage({ ...next, node: b.value, scope: b.valueScope ?? b.scope }));
  const called = n.parent?.type === 'call' && fieldOf(n.parent, 'function') === n;
  if (sym.t !== 'fn' || !called) return false;
  return sym.fn.returns.some((r) => fromPackage({ ...next, node: r, scope: sym.fn.scope }));
}
