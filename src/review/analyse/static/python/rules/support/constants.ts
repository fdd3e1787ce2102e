import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { isPydanticModel } from '../../knowledge/orm.js';
import { resolveExpr, resolveName, type Sym } from '../../model/resolve.js';
import type { ClassInfo, Scope } from '../../model/types.js';
import type { RuleMeta } from '../../../shared/rule.js';
import type { FileContext, ReportParams } from './rule-api.js';

/** Where a constant came from: written in place, a module / class constant, or a settings field's default. */
export type ConstantOrigin = 'literal' | 'constant' | 'settings';

export interface ConstantSite {
  /** The literal (or the last expression that could not be followed further). */
  node: PyNode;
  /** The scope `node` is read in (another module's, for an imported constant). */
  scope: Scope;
  origin: ConstantOrigin;
  /** The assignment that defined the name nearest to the literal, null for a literal written in place. */
  definition: PyNode | null;
}

export interface ConstantOptions {
  /**
   * Follow settings fields (`settings.debug` -> the default in a BaseSettings class). Their value is
   * read from the environment at startup, so a default is only what runs when nobody sets it.
   */
  settings?: boolean;
}

const MAX_DEPTH = 5;

/**
 * The literal an expression stands for: itself, a module constant it names (in this module or
 * imported from another module of the project), a class attribute (`Config.VERIFY`), or the
 * default of a settings field (`settings.cors_origins`). A name with several assignments counts only
 * when they all agree; a local variable of a function is followed the same way.
 */
export function constantValue(an: Analysis, node: PyNode, scope: Scope, options: ConstantOptions = {}, depth = 0): ConstantSite | null {
  const n = unparen(node);
  if (depth > MAX_DEPTH) return null;
  if (n.type === 'identifier') {
    const sym = resolveName(an.project, scope, scope.module.file.text(n));
    if (sym.t === 'builtin') return { node: n, scope, origin: 'literal', definition: null };
    return fromSymbol(an, sym, options, depth);
  }
  if (n.type === 'attribute') {
    const obj = fieldOf(n, 'object');
    const attr = fieldOf(n, 'attribute');
    if (!obj || !attr) return null;
    const name = scope.module.file.text(attr);
    // `config.VERIFY` (a module), `Config.VERIFY` (a class).
    const sym = resolveExpr(an.project, scope, obj);
    if (sym?.t === 'mod') {
      const member = resolveExpr(an.project, scope, n);
      return member ? fromSymbol(an, member, options, depth) : null;
    }
    if (sym?.t === 'cls') return classField(an, sym.cls, name, options, depth);
    // `settings.debug` where `settings = Settings()`.
    const v = an.infer.valueOf(obj, scope);
    return v?.t === 'obj' ? classField(an, v.cls, name, options, depth) : null;
  }
  return { node: n, scope, origin: 'literal', definition: null };
}

/** True when the expression stands for the given literal (`False`, `True`, `"*"`...), as written. */
export function isConstant(an: Analysis, node: PyNode, scope: Scope, literal: string, options: ConstantOptions = {}): ConstantSite | null {
  const c = constantValue(an, node, scope, options);
  return c && c.scope.module.file.text(c.node) === literal ? c : null;
}

function fromSymbol(an: Analysis, sym: Sym, options: ConstantOptions, depth: number): ConstantSite | null {
  if (sym.t !== 'var') return null;
  let found: ConstantSite | null = null;
  for (const b of sym.bindings) {
    if (b.kind !== 'assign' || !b.value || (b.index ?? -1) >= 0) return null;
    const c = constantValue(an, b.value, b.valueScope ?? b.scope, options, depth + 1);
    if (!c) return null;
    // Two assignments that disagree (`DEBUG = True` then `if PROD: DEBUG = False`): not a constant.
    if (found && found.scope.module.file.text(found.node) !== c.scope.module.file.text(c.node)) return null;
    found ??= { ...c, origin: c.origin === 'literal' ? 'constant' : c.origin, definition: c.definition ?? statementOf(b.node) };
  }
  return found;
}

function classField(an: Analysis, cls: ClassInfo, name: string, options: ConstantOptions, depth: number): ConstantSite | null {
  for (const c of [cls, ...an.baseClasses(cls)]) {
    const field = c.fields.get(name);
    if (!field) continue;
    if (!field.value) return null;
    const isSettings = isPydanticModel(c);
    if (isSettings && !options.settings) return null;
    const site = constantValue(an, field.value, c.scope, options, depth + 1);
    if (!site) return null;
    const origin: ConstantOrigin = isSettings ? 'settings' : site.origin === 'literal' ? 'constant' : site.origin;
    return { ...site, origin, definition: site.definition ?? statementOf(field.node) };
  }
  return null;
}

/** The assignment around a binding's target (the target itself when there is none). */
function statementOf(target: PyNode): PyNode {
  for (let n: PyNode | null = target; n; n = n.parent) if (n.type === 'assignment') return n;
  return target;
}

/**
 * Reports a problem that a constant causes where it is used when the change touches that use, else
 * on the constant's definition when the change added it there (`VERIFY_SIGNATURE = False` flipped in
 * a pull request that leaves the decode call alone), in this module or another changed one.
 */
export function reportConstantUse(ctx: FileContext, meta: RuleMeta, params: { use: PyNode; site: ConstantSite; message: string } & Pick<ReportParams, 'suggestion'>): void {
  const { use, site, message } = params;
  if (ctx.touches(use) || !site.definition) {
    ctx.report(meta, { node: use, message, suggestion: params.suggestion });
    return;
  }
  const owner = ctx.contextOf(site.scope.module);
  if (owner?.touches(site.definition)) owner.report(meta, { node: site.definition, message });
}
