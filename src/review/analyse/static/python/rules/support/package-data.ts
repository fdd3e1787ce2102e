import { fieldOf, walk, type PyNode } from '../../syntax/py-node.js';
import { kwarg, positional, stringValue } from '../../model/call-args.js';
import { lookupName } from '../../model/scope.js';
import type { CallInfo, ModuleModel, Scope } from '../../model/types.js';

/** Where a path points into the code's own package: `__file__`, importlib.resources, pkg_resources. */
const PACKAGE_ANCHOR = /\b__file__\b|\bimportlib\.resources\b|\bresources\.files\(|\bpkg_resources\b|\bresource_filename\(|\bget_data\(/;

/**
 * True for a read of a file that ships with the code (a prompt, a template, a bundled JSON): its path
 * is built from `__file__` or the package's resources, directly or through a local, a module constant
 * or a class attribute (`cls.PROMPTS_DIR`). Such a file is small, local and read-only: reading it on
 * the event loop costs microseconds from the page cache, not a request's latency.
 */
export function readsPackageData(call: CallInfo, method: string | null): boolean {
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
  return !!path && fromPackage(path, call.scope, call.scope.module, 0);
}

function fromPackage(node: PyNode, scope: Scope, module: ModuleModel, depth: number): boolean {
  const text = module.file.text(node);
  if (PACKAGE_ANCHOR.test(text)) return true;
  if (depth >= 4) return false;
  const names: PyNode[] = [];
  walk(node, (n) => {
    if (n.type === 'identifier' || n.type === 'attribute') names.push(n);
  });
  for (const n of names) {
    if (n.type === 'identifier') {
      if (n.parent?.type === 'attribute' && fieldOf(n.parent, 'attribute') === n) continue;
      for (const b of lookupName(scope, module.file.text(n)) ?? []) {
        if (b.value && fromPackage(b.value, b.valueScope ?? b.scope, module, depth + 1)) return true;
      }
    } else {
      // `cls.PROMPTS_DIR`, `self.TEMPLATES`, `Settings.BASE_DIR`: a class attribute of this module.
      const attr = fieldOf(n, 'attribute');
      const name = attr ? module.file.text(attr) : '';
      for (const cls of module.classes) {
        const value = cls.fields.get(name)?.value;
        if (value && fromPackage(value, cls.scope, module, depth + 1)) return true;
      }
    }
  }
  return false;
}
