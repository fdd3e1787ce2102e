import { fieldOf, walk, type PyNode } from '../../syntax/py-node.js';
import { kwarg, positional, stringValue } from '../../model/call-args.js';
import { lookupName } from '../../model/scope.js';
import type { CallInfo, ModuleModel, Scope } from '../../model/types.js';

/** Where a path points into the code's own package: `__file__`, importlib.resources, pkg_resources. */
const PACKAGE_ANCHOR = /\b__file__\b|\bimportlib\.resources\b|\bresources\.files\(|\bpkg_resources\b|\bresource_filename\(|\bget_data\(/;

/**
 * True for a read of a file that ships with the code (a prompt, a template, a bundled JSON): its path
 * is built from `__file__` or the package's resources, or is a relative path to a file the repository
 * holds (`Path("app/prompts/system.txt")`), directly or through a local, a module constant or a class
 * attribute (`cls.PROMPTS_DIR`). Such a file is small, local and read-only: reading it on
 * the event loop costs microseconds from the page cache, not a request's latency.
 */
export function readsPackageData(call: CallInfo, method: string | null, shipped: (path: string) => boolean = () => false): boolean {
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
  return !!path && fromPackage({ node: path, scope: call.scope, module: call.scope.module, depth: 0, shipped });
}

interface Where {
  node: PyNode;
  scope: Scope;
  module: ModuleModel;
  depth: number;
  /** True for a path the repository's tree holds. */
  shipped: (path: string) => boolean;
}

function fromPackage(w: Where): boolean {
  const { node, scope, module, depth } = w;
  const text = module.file.text(node);
  if (PACKAGE_ANCHOR.test(text)) return true;
  if (depth >= 4) return false;
  const names: PyNode[] = [];
  let inRepo = false;
  walk(node, (n) => {
    if (n.type === 'identifier' || n.type === 'attribute') names.push(n);
    // `Path("app/prompts/system.txt")`: a relative path to a file the repository itself holds.
    if (n.type === 'string' && !n.children.some((c) => c.type === 'interpolation')) {
      const value = stringValue(n, module.file)?.replace(/^\.\//, '');
      if (value && !value.startsWith('/') && w.shipped(value)) inRepo = true;
      return false;
    }
  });
  if (inRepo) return true;
  for (const n of names) {
    if (n.type === 'identifier') {
      if (n.parent?.type === 'attribute' && fieldOf(n.parent, 'attribute') === n) continue;
      for (const b of lookupName(scope, module.file.text(n)) ?? []) {
        if (b.value && fromPackage({ ...w, node: b.value, scope: b.valueScope ?? b.scope, depth: depth + 1 })) return true;
      }
    } else {
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
