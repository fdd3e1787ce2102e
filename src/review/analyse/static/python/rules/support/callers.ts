import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { kwarg } from '../../model/call-args.js';
import type { CallInfo, FunctionInfo, ParamInfo } from '../../model/types.js';
import { isTestModule } from '../../model/test-modules.js';

/** The calls of a project function in the loaded modules (resolved on demand, by name first). */
export function callersOf(an: Analysis, fn: FunctionInfo): CallInfo[] {
  const byName = an.memo('callers:calls-by-name', () => {
    const map = new Map<string, CallInfo[]>();
    for (const m of an.loadedModules()) {
      for (const c of m.calls) {
        if (!c.name || !c.fn) continue;
        const list = map.get(c.name);
        if (list) list.push(c);
        else map.set(c.name, [c]);
      }
    }
    return map;
  });
  return (byName.get(fn.name) ?? []).filter((c) => c.fn !== fn && (an.calledFunction(c) === fn || callsThroughEither(an, c, fn)));
}

/**
 * `(conn or db).fetch(...)`: a method called on whichever of two objects is set (an optional handle with a
 * fallback) runs the method of either; the call is a caller of each operand's method.
 */
function callsThroughEither(an: Analysis, c: CallInfo, fn: FunctionInfo): boolean {
  const callee = unparen(c.callee);
  const object = callee.type === 'attribute' ? fieldOf(callee, 'object') : null;
  if (!object || !fn.cls) return false;
  const operands: PyNode[] = [];
  const collect = (n: PyNode): void => {
    const u = unparen(n);
    if (u.type === 'boolean_operator' && u.tokens?.includes('or')) u.children.forEach(collect);
    else operands.push(u);
  };
  const top = unparen(object);
  if (top.type !== 'boolean_operator' || !top.tokens?.includes('or')) return false;
  collect(top);
  return operands.some((o) => {
    const v = an.infer.valueOf(o, c.scope);
    return v?.t === 'obj' && [v.cls, ...an.baseClasses(v.cls)].some((cls) => cls.methods.get(fn.name) === fn);
  });
}

/**
 * The loaded calls of a project function outside test code. Tests sample how a function is used, they
 * never tell where it runs: an SDK method only tests call still runs in its users' event loops.
 */
export function productionCallersOf(an: Analysis, fn: FunctionInfo): CallInfo[] {
  return callersOf(an, fn).filter((c) => !isTestModule(c.scope.module));
}

/** What the loaded callers of a project function pass for one of its parameters (null where it is left to its default). */
export function callerArguments(an: Analysis, fn: FunctionInfo, p: ParamInfo): { call: CallInfo; arg: PyNode | null }[] {
  return callersOf(an, fn).map((call) => ({ call, arg: argumentFor(fn, p, call) }));
}

/** The argument a call passes for a parameter (by keyword or by position; a method call skips `self`). */
export function argumentFor(fn: FunctionInfo, p: ParamInfo, call: CallInfo): PyNode | null {
  const file = call.scope.module.file;
  const byKeyword = kwarg(call.node, p.name, file);
  if (byKeyword) return byKeyword;
  const index = fn.params.indexOf(p);
  const viaInstance = fn.cls && fn.params[0] && /^(self|cls)$/.test(fn.params[0].name) && fieldOf(call.node, 'function')?.type === 'attribute';
  const position = index - (viaInstance ? 1 : 0);
  const args = (fieldOf(call.node, 'arguments')?.children ?? []).filter((a) => a.type !== 'keyword_argument' && a.type !== 'comment');
  if (args.slice(0, position + 1).some((a) => a.type.endsWith('splat'))) return null;
  return position >= 0 ? args[position] ?? null : null;
}
