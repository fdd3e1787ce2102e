import { fieldOf, type PyNode } from '../syntax/py-node.js';
import type { Project } from './project.js';
import { lookupName } from './scope.js';
import type { Binding, ClassInfo, FunctionInfo, ModuleModel, Scope } from './types.js';

/** What a name or dotted expression refers to. */
export type Sym =
  /** A name from outside the loaded modules; `repo` when it names the repository's own code, not loaded. */
  | { t: 'ext'; name: string; repo?: boolean }
  | { t: 'fn'; fn: FunctionInfo }
  | { t: 'cls'; cls: ClassInfo }
  | { t: 'mod'; mod: ModuleModel }
  | { t: 'var'; bindings: Binding[] }
  | { t: 'builtin'; name: string };

const MAX_HOPS = 6;

/** The symbol is a class of the project: a loaded one, or one of a repository module the run did not read. */
export function isProjectClass(sym: Sym): boolean {
  return sym.t === 'cls' || (sym.t === 'ext' && !!sym.repo);
}

/** Resolves a bare name seen from `scope`, following imports into loaded project modules. */
export function resolveName(project: Project, scope: Scope, name: string, hops = 0): Sym {
  const found = lookupName(scope, name);
  if (!found) return (scope.module.starImports.length ? starMember(project, scope.module, name, hops) : null) ?? { t: 'builtin', name };
  const last = found[found.length - 1];
  switch (last.kind) {
    case 'def':
      return last.fn ? { t: 'fn', fn: last.fn } : { t: 'var', bindings: found };
    case 'class':
      return last.cls ? { t: 'cls', cls: last.cls } : { t: 'var', bindings: found };
    case 'import':
      return last.imp ? resolveImport(project, scope.module, last.imp, hops) : { t: 'var', bindings: found };
    default:
      return { t: 'var', bindings: found };
  }
}

function resolveImport(project: Project, from: ModuleModel, imp: { module: string; name: string | null }, hops: number): Sym {
  // A module never imports itself: `from bolt11 import decode` in `lnbits/bolt11.py` names the library it wraps.
  const other = (dotted: string) => {
    const mod = project.moduleFor(dotted, from);
    return mod === from ? null : mod;
  };
  if (imp.name === null) {
    const mod = other(imp.module);
    return mod ? { t: 'mod', mod } : external(project, from, imp.module, [imp.module]);
  }
  const sub = other(`${imp.module}.${imp.name}`);
  if (sub) return { t: 'mod', mod: sub };
  const mod = other(imp.module);
  if (mod && hops < MAX_HOPS && mod.scope.bindings.has(imp.name)) return resolveName(project, mod.scope, imp.name, hops + 1);
  return (mod ? starMember(project, mod, imp.name, hops) : null) ?? external(project, from, `${imp.module}.${imp.name}`, [`${imp.module}.${imp.name}`, imp.module]);
}

/** An imported name no loaded module binds: the repository's own code when one of `modules` is a file of it. */
function external(project: Project, from: ModuleModel, name: string, modules: string[]): Sym {
  const repo = modules.some((dotted) => {
    const path = project.pathOf(dotted, from.file.path);
    return !!path && path !== from.file.path;
  });
  return repo ? { t: 'ext', name, repo } : { t: 'ext', name };
}

/**
 * A public name a module re-exports through `from x import *` (a package `__init__` gathering its
 * submodules), from the loaded star-imported modules; null when none binds it.
 */
function starMember(project: Project, mod: ModuleModel, name: string, hops: number): Sym | null {
  if (name.startsWith('_') || hops >= MAX_HOPS) return null;
  for (const dotted of mod.starImports) {
    const sub = project.moduleFor(dotted, mod);
    if (!sub || sub === mod) continue;
    if (sub.scope.bindings.has(name)) return resolveName(project, sub.scope, name, hops + 1);
    const deeper = sub.starImports.length ? starMember(project, sub, name, hops + 1) : null;
    if (deeper) return deeper;
  }
  return null;
}

/** A member of a module or class symbol (`mod.x`, `ext.attr`, `Cls.method`). */
export function memberOf(project: Project, sym: Sym, attr: string): Sym | null {
  switch (sym.t) {
    case 'ext':
      return { t: 'ext', name: `${sym.name}.${attr}`, ...(sym.repo ? { repo: true } : {}) };
    case 'mod': {
      const sub = project.moduleFor(`${sym.mod.dotted}.${attr}`, sym.mod);
      if (sub) return { t: 'mod', mod: sub };
      return sym.mod.scope.bindings.has(attr) ? resolveName(project, sym.mod.scope, attr) : starMember(project, sym.mod, attr, 0);
    }
    case 'cls': {
      const method = sym.cls.methods.get(attr);
      return method ? { t: 'fn', fn: method } : null;
    }
    default:
      return null;
  }
}

/** Resolves an identifier or a dotted attribute chain to a symbol, when it is one. */
export function resolveExpr(project: Project, scope: Scope, node: PyNode): Sym | null {
  if (node.type === 'identifier') return resolveName(project, scope, scope.module.file.text(node));
  if (node.type === 'attribute') {
    const obj = fieldOf(node, 'object');
    const attr = fieldOf(node, 'attribute');
    if (!obj || !attr) return null;
    const base = resolveExpr(project, scope, obj);
    if (!base || base.t === 'var' || base.t === 'builtin') return null;
    return memberOf(project, base, scope.module.file.text(attr));
  }
  return null;
}

/** The qualified external name an expression denotes (`rq.get` -> `requests.get`), or null. */
export function qualifiedName(project: Project, scope: Scope, node: PyNode): string | null {
  const sym = resolveExpr(project, scope, node);
  if (!sym) return null;
  if (sym.t === 'ext') return sym.name;
  if (sym.t === 'builtin') return `builtins.${sym.name}`;
  return null;
}

/** Resolves dotted text (`models.User`, from a quoted annotation) seen from `scope`. */
export function resolveDotted(project: Project, scope: Scope, dotted: string): Sym | null {
  const [first, ...rest] = dotted.split('.');
  let sym: Sym | null = resolveName(project, scope, first);
  for (const part of rest) {
    if (!sym || sym.t === 'var' || sym.t === 'builtin') return null;
    sym = memberOf(project, sym, part);
  }
  return sym;
}
