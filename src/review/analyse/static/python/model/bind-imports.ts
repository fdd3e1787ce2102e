import { fieldOf, type PyNode } from '../syntax/py-node.js';
import type { ModuleModel, Scope } from './types.js';
import { addBinding } from './scope.js';

/** Binds the names an import statement introduces, resolving relative imports to absolute ones. */
export function bindImport(model: ModuleModel, node: PyNode, scope: Scope): void {
  const text = (n: PyNode) => model.file.text(n);
  if (node.type === 'import_statement') {
    for (const item of node.children) {
      if (item.type === 'aliased_import') {
        const name = fieldOf(item, 'name');
        const alias = fieldOf(item, 'alias');
        if (name && alias) bind(model, scope, text(alias), { module: text(name), name: null, node: item });
      } else if (item.type === 'dotted_name') {
        // `import a.b` binds `a`; attribute access a.b.x then resolves through the dotted text.
        const first = text(item).split('.')[0].replace(/\s+/g, '');
        if (first) bind(model, scope, first, { module: first, name: null, node: item });
      }
    }
    return;
  }
  const moduleNode = fieldOf(node, 'module_name');
  if (!moduleNode) return;
  const from = moduleNode.type === 'relative_import' ? resolveRelative(model, moduleNode) : text(moduleNode);
  for (const item of node.children) {
    // `from .models import *` (module level): names are looked up in that module on demand (see resolve).
    if (item.type === 'wildcard_import' && scope.kind === 'module') model.starImports.push(from);
    if (item.field !== 'name') continue;
    if (item.type === 'aliased_import') {
      const name = fieldOf(item, 'name');
      const alias = fieldOf(item, 'alias');
      if (name && alias) bind(model, scope, text(alias), { module: from, name: text(name), node: item });
    } else if (item.type === 'dotted_name') {
      bind(model, scope, text(item), { module: from, name: text(item), node: item });
    }
  }
}

function bind(model: ModuleModel, scope: Scope, local: string, imp: { module: string; name: string | null; node: PyNode }): void {
  addBinding(scope, { kind: 'import', name: local, node: imp.node, imp });
  if (scope.kind === 'module') model.imports.set(local, imp);
}

/** `from ..x import y` inside app/routers/a.py -> `app.x`. */
function resolveRelative(model: ModuleModel, rel: PyNode): string {
  const prefix = rel.children.find((c) => c.type === 'import_prefix');
  const dots = prefix ? prefix.end - prefix.start : 0;
  const rest = rel.children.find((c) => c.type === 'dotted_name');
  // dotted_name parts are not mirrored (see build-tree); its text is the dotted module.
  const isPackage = /(^|\/)__init__\.py$/.test(model.file.path);
  const parts = model.dotted.split('.').filter(Boolean);
  // A module's package is its parent; a package's (__init__) is itself.
  const keep = parts.length - dots + (isPackage ? 1 : 0);
  const base = parts.slice(0, Math.max(0, keep));
  if (rest) base.push(model.file.text(rest));
  return base.join('.');
}
