import type { PyNode } from '../syntax/py-node.js';
import type { PyFile } from './py-file.js';

/**
 * The semantic model of one module, built in a single walk over its PyNode tree and then shared
 * by every rule: scopes and bindings, functions, classes, calls, loops and imports.
 */
export interface ModuleModel {
  file: PyFile;
  /** Dotted module name derived from the path (`app/routers/x.py` -> `app.routers.x`). */
  dotted: string;
  scope: Scope;
  functions: FunctionInfo[];
  classes: ClassInfo[];
  /** Every call of the module, in source order (module-level ones have `fn` null). */
  calls: CallInfo[];
  /** Every string literal node (f-strings included). */
  strings: PyNode[];
  /** Local name -> import, module level only. */
  imports: Map<string, ImportInfo>;
  /** `from m import *` at module level: the absolute dotted modules whose public names this one re-exports. */
  starImports: string[];
  /** `app.state.x = value` / `request.app.state.x = value`: shared objects set at startup. */
  stateAssigns: { name: string; value: PyNode; scope: Scope }[];
}

export type ScopeKind = 'module' | 'class' | 'function';

export interface Scope {
  kind: ScopeKind;
  parent: Scope | null;
  bindings: Map<string, Binding[]>;
  module: ModuleModel;
  fn: FunctionInfo | null;
  cls: ClassInfo | null;
}

export type BindingKind = 'param' | 'assign' | 'augassign' | 'import' | 'def' | 'class' | 'for' | 'with' | 'walrus';

/** One way a name gets a value. */
export interface Binding {
  kind: BindingKind;
  name: string;
  /** The target name node (or the def/class/import node). */
  node: PyNode;
  scope: Scope;
  /** assign/augassign/walrus: the right-hand side; for: the iterable; with: the context expression. */
  value?: PyNode;
  /** The scope the value is evaluated in, when not `scope` (a `global` name assigned inside a function). */
  valueScope?: Scope;
  /** Position inside a tuple target (`a, b = ...`), -1 when the whole value is bound. */
  index?: number;
  /** For a name nested in a tuple target (`i, (k, v) = ...`), its position at every level (`[1, 0]` for `k`). */
  path?: number[];
  annotation?: PyNode;
  isAsync?: boolean;
  fn?: FunctionInfo;
  cls?: ClassInfo;
  imp?: ImportInfo;
  param?: ParamInfo;
}

export interface ImportInfo {
  /** Absolute dotted module (relative imports resolved against the file's package). */
  module: string;
  /** The imported name for `from m import name`; null for `import m`. */
  name: string | null;
  node: PyNode;
}

export interface ParamInfo {
  name: string;
  node: PyNode;
  annotation: PyNode | null;
  default: PyNode | null;
  star: boolean;
}

export interface FunctionInfo {
  name: string;
  /** function_definition or lambda. */
  node: PyNode;
  /** The decorated_definition around it, or null. */
  outerNode: PyNode;
  decorators: PyNode[];
  isAsync: boolean;
  isLambda: boolean;
  params: ParamInfo[];
  returnType: PyNode | null;
  body: PyNode | null;
  scope: Scope;
  /** The class this is a method of. */
  cls: ClassInfo | null;
  /** The function this one is nested in. */
  outer: FunctionInfo | null;
  module: ModuleModel;
  calls: CallInfo[];
  returns: PyNode[];
  yields: PyNode[];
  awaits: number;
  loops: LoopInfo[];
  /** Identifier reads in this function's own body (nested functions have their own); see refsOf. */
  refNodes: PyNode[];
  /** refNodes indexed by name, built on first use (see refsOf). */
  refIndex?: Map<string, PyNode[]>;
  /** Attribute nodes (`a.b`) read in this function's own body. */
  attributes: PyNode[];
  hasGlobal: boolean;
  /** Names the function declares `global`: assigning them rebinds the module-level name. */
  globalNames?: Set<string>;
  nested: FunctionInfo[];
}

export interface ClassInfo {
  name: string;
  node: PyNode;
  bases: PyNode[];
  keywords: PyNode[];
  decorators: PyNode[];
  scope: Scope;
  module: ModuleModel;
  methods: Map<string, FunctionInfo>;
  /** Class-body assignments: name -> annotation and value. */
  fields: Map<string, { node: PyNode; annotation: PyNode | null; value: PyNode | null }>;
  /** `self.x = value` assignments in the methods: x -> values with the scope they are read in. */
  selfAttrs: Map<string, { value: PyNode; scope: Scope }[]>;
  /**
   * Facts about the class that knowledge computes on first use and keeps with it, by name (its ORM
   * mapping: see knowledge/orm.ts). The model never reads them.
   */
  facts?: Map<string, unknown>;
}

export interface LoopInfo {
  node: PyNode;
  kind: 'for' | 'while' | 'comprehension';
  /** The iterable (evaluated once, outside the loop), or null for while. */
  iter: PyNode | null;
  target: PyNode | null;
  isAsync: boolean;
  outer: LoopInfo | null;
}

export interface CallInfo {
  node: PyNode;
  callee: PyNode;
  /**
   * The last name of the callee (`get` for `requests.get`, `open` for `open`), '' otherwise; for a
   * name imported under an alias, the imported name (`sleep` for `pause` after `from time import sleep as pause`).
   */
  name: string;
  /** argument_list (or a generator_expression for `f(x for x in y)`). */
  args: PyNode | null;
  /** The nearest enclosing function or lambda; null at module or class level. */
  fn: FunctionInfo | null;
  /** The innermost loop around the call inside the same function, or null. */
  loop: LoopInfo | null;
  scope: Scope;
}
