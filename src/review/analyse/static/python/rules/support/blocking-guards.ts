import { fieldOf, unparen, walk, type PyNode } from '../../syntax/py-node.js';
import { lastAssigned } from './locals.js';
import { boundArgument, hasSplat, kwarg, positional } from '../../model/call-args.js';
import type { CallInfo, ClassInfo, FunctionInfo } from '../../model/types.js';
import { isTestModule, TEST_PATH } from '../../model/test-modules.js';
import { resolveExpr } from '../../model/resolve.js';
import type { Analysis } from '../../knowledge/analysis.js';

/** `mode == "session"` (either side): a parameter compared with a literal. */
const EQUALS_LITERAL = /^(?:(\w+)\s*==\s*(LIT)|(LIT)\s*==\s*(\w+))$/.source.replaceAll('LIT', String.raw`"[^"\\]*"|'[^'\\]*'|-?\d+(?:\.\d+)?|True|False|None`);
const EQUALS = new RegExp(EQUALS_LITERAL, 's');

/**
 * True when `inner` runs in the helper only in a mode the call never asks for: it sits under
 * `if param == <literal>:`, that literal is the parameter's default, and the call passes the
 * parameter something else (`start_trace(trace_name=name)`, where only the default
 * `trace_name == "session"` gathers system metrics with a blocking `psutil.cpu_percent(interval=...)`),
 * or passes another literal. A mode the caller may ask for (no default, an argument that may be
 * anything) stays reachable.
 */
export function offModeOf(helper: FunctionInfo, inner: CallInfo, call: CallInfo): boolean {
  const file = helper.module.file;
  for (let n: PyNode = inner.node; n.parent && n !== helper.body; n = n.parent) {
    const branch = n.parent;
    if (branch.type !== 'if_statement' || fieldOf(branch, 'consequence') !== n) continue;
    const condition = fieldOf(branch, 'condition');
    const m = condition ? EQUALS.exec(file.text(unparen(condition))) : null;
    if (!m) continue;
    const [name, literal] = m[1] ? [m[1], m[2]] : [m[4], m[3]];
    const param = helper.params.find((p) => p.name === name && !p.star);
    if (!param || helper.scope.bindings.get(name)?.some((b) => b.kind !== 'param')) continue;
    const arg = argumentOf(helper, call, name);
    const passed = typeof arg === 'string' ? arg : call.scope.module.file.text(unparen(arg));
    if (skipsMode(param.default ? file.text(param.default) : null, literal, passed, typeof arg !== 'string' && isLiteral(unparen(arg)))) return true;
  }
  return false;
}

/** What the call passes for a parameter: a node, `default` when it leaves it out, `unknown` for a splat. */
function argumentOf(helper: FunctionInfo, call: CallInfo, name: string): PyNode | 'default' | 'unknown' {
  const file = call.scope.module.file;
  const arg = boundArgument(call.node, helper, name, file);
  if (arg) return arg;
  return hasSplat(call.node) ? 'unknown' : 'default';
}

/** `passed`: the argument's text, or `default` / `unknown` (see argumentOf). */
function skipsMode(defaultText: string | null, literal: string, passed: string, passedLiteral: boolean): boolean {
  if (passed === 'unknown') return false;
  if (passed === 'default') return defaultText !== null && !sameLiteral(defaultText, literal);
  if (passedLiteral) return !sameLiteral(passed, literal);
  // An expression: the blocking branch is the default mode, and this caller overrides it.
  return defaultText !== null && sameLiteral(defaultText, literal);
}

function isLiteral(node: PyNode): boolean {
  return ['string', 'integer', 'float', 'true', 'false', 'none'].includes(node.type) && !(node.type === 'string' && node.children.some((c) => c.type === 'interpolation'));
}

function sameLiteral(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/^'(.*)'$/s, '"$1"');
  return norm(a) === norm(b);
}

/** `if file_path:` / `if file_path is not None:`: a branch taken only when an optional argument is given. */
const GIVEN = /^(\w+)(\s+is\s+not\s+None)?$/;

/**
 * True when `inner` runs only when an optional parameter (default None) is given, and every call
 * (`calls`, the loaded callers, at least one outside test code) leaves it out or passes None:
 * `upload_file(file_content=...)` never takes the `if file_path: open(file_path)` branch. Unknown
 * callers keep the branch reachable, and so do tests: they sample a function's options (an SDK's
 * `documents.create(raw_text=...)`), the callers that matter may live outside the repository.
 */
export function unusedOptionBranch(fn: FunctionInfo, inner: CallInfo, calls: readonly CallInfo[], callersOf?: (f: FunctionInfo) => readonly CallInfo[]): boolean {
  if (!calls.some((c) => !isTestModule(c.scope.module))) return false;
  const file = fn.module.file;
  for (let n: PyNode = inner.node; n.parent && n !== fn.body; n = n.parent) {
    const branch = n.parent;
    if ((branch.type !== 'if_statement' && branch.type !== 'elif_clause') || fieldOf(branch, 'consequence') !== n) continue;
    const condition = fieldOf(branch, 'condition');
    const name = condition ? GIVEN.exec(file.text(unparen(condition)))?.[1] : undefined;
    if (name && neverGiven(fn, name, calls, callersOf, 2)) return true;
  }
  return false;
}

/**
 * No call gives `fn` the optional parameter `name` (default None): each leaves it out, passes None, or
 * forwards a parameter of its own function that no call of that one gives either (`screenshot(path=path)`
 * in a wrapper everyone calls without a path), `depth` wrappers up.
 */
function neverGiven(fn: FunctionInfo, name: string, calls: readonly CallInfo[], callersOf: ((f: FunctionInfo) => readonly CallInfo[]) | undefined, depth: number): boolean {
  const param = fn.params.find((p) => p.name === name && !p.star);
  if (!param || !param.default || fn.module.file.text(param.default) !== 'None') return false;
  if (fn.scope.bindings.get(name)?.some((b) => b.kind !== 'param')) return false;
  return calls.every((c) => {
    const arg = argumentOf(fn, c, name);
    if (arg === 'default' || (typeof arg !== 'string' && unparen(arg).type === 'none')) return true;
    if (typeof arg === 'string' || !callersOf || depth <= 0 || !c.fn) return false;
    const forwarded = unparen(arg);
    if (forwarded.type !== 'identifier') return false;
    const outer = callersOf(c.fn).filter((x) => !isTestModule(x.scope.module));
    return outer.length > 0 && neverGiven(c.fn, c.scope.module.file.text(forwarded), outer, callersOf, depth - 1);
  });
}


/**
 * A debug switch: `debug`, `debug_dir`, `settings.DEBUG` (a word of the name, not `debugger`), or a
 * capture constant or variable in capitals, `COPILOT_DUMP_INPUTS` (`model_dump()` is no switch).
 */
const isDebugSwitch = (text: string) => /(?:^|[^A-Za-z])debug(?:[^A-Za-z]|$)/i.test(text) || /(?:^|[^A-Z])DUMP(?:[^A-Z]|$)/.test(text);

/**
 * True when `inner` runs only with a debug switch on: under `if debug_dir:` / `if settings.DEBUG and ...`,
 * under a condition on a local read from such a switch (`root = os.environ.get("APP_DUMP_INPUTS")`), or
 * after the function's own `if not debug_dir: return`. A developer's capture, not a request path.
 */
export function debugOnly(fn: FunctionInfo, inner: CallInfo): boolean {
  const file = fn.module.file;
  const switchIn = (condition: PyNode | null) => {
    if (!condition) return false;
    let on = isDebugSwitch(file.text(condition));
    walk(condition, (x) => {
      if (on) return false;
      if (x.type !== 'identifier') return;
      const value = lastAssigned(x, inner.scope);
      if (value && isDebugSwitch(file.text(value))) on = true;
    });
    return on;
  };
  for (let n: PyNode = inner.node; n.parent && n !== fn.body; n = n.parent) {
    const branch = n.parent;
    if ((branch.type === 'if_statement' || branch.type === 'elif_clause') && fieldOf(branch, 'consequence') === n && switchIn(fieldOf(branch, 'condition'))) return true;
  }
  // `if not debug_dir: return` ahead of the call, at the top level of the body.
  for (const statement of fn.body?.children ?? []) {
    if (statement.start >= inner.node.start) break;
    if (statement.type !== 'if_statement') continue;
    const condition = fieldOf(statement, 'condition');
    const body = fieldOf(statement, 'consequence');
    if (condition?.type === 'not_operator' && body?.children.length === 1 && body.children[0]!.type === 'return_statement' && switchIn(condition)) return true;
  }
  return false;
}

/**
 * True when `inner` runs only under an option its object never has on: a condition (or one of its `and` terms)
 * reads `self.flag`, the class sets `self.flag` only from an `__init__` parameter that defaults to False or None,
 * and every construction of the class in the repository leaves that parameter out or passes False / None
 * (`PPTXConverter()` never takes the `elif picture and self.add_images:` branch). A use of the class that is not
 * a construction the model reads (a subclass, an `isinstance`, a factory, a module not loaded) keeps it reachable.
 */
export function optionNeverOn(an: Analysis, fn: FunctionInfo, inner: CallInfo): boolean {
  const cls = fn.cls;
  if (!cls) return false;
  const file = fn.module.file;
  for (let n: PyNode = inner.node; n.parent && n !== fn.body; n = n.parent) {
    const branch = n.parent;
    if ((branch.type !== 'if_statement' && branch.type !== 'elif_clause') || fieldOf(branch, 'consequence') !== n) continue;
    const condition = fieldOf(branch, 'condition');
    const flags = condition ? andTerms(condition).map((t) => /^self\.(\w+)$/.exec(file.text(t))?.[1]).filter((x): x is string => !!x) : [];
    if (flags.some((flag) => neverOn(an, cls, flag))) return true;
  }
  return false;
}

/** `a and (b and c)` -> a, b, c. */
function andTerms(node: PyNode): PyNode[] {
  const n = unparen(node);
  if (n.type !== 'boolean_operator' || n.tokens?.[0] !== 'and') return [n];
  return [fieldOf(n, 'left'), fieldOf(n, 'right')].flatMap((x) => (x ? andTerms(x) : []));
}

const OFF = new Set(['False', 'None']);

function neverOn(an: Analysis, cls: ClassInfo, flag: string): boolean {
  const init = cls.methods.get('__init__');
  const sets = cls.selfAttrs.get(flag);
  if (!init || sets?.length !== 1 || cls.fields.has(flag) || sets[0].scope !== init.scope) return false;
  const file = cls.module.file;
  const value = unparen(sets[0].value);
  const index = init.params.findIndex((p) => p.name === file.text(value));
  const param = init.params[index];
  if (value.type !== 'identifier' || !param || param.star || !param.default || !OFF.has(file.text(param.default))) return false;
  if (init.scope.bindings.get(param.name)?.some((b) => b.kind !== 'param') || setOutside(an, cls, flag)) return false;
  const made = constructions(an, cls);
  return !!made?.length && made.every((call) => {
    const cf = call.scope.module.file;
    if (hasSplat(call.node)) return false;
    const arg = kwarg(call.node, param.name, cf) ?? positional(call.node, index - 1);
    return !arg || OFF.has(cf.text(unparen(arg)));
  });
}

/** Some code outside the class may set the flag (`converter.add_images = True`, `setattr(c, "add_images", ...)`). */
function setOutside(an: Analysis, cls: ClassInfo, flag: string): boolean {
  const refs = an.nameRefs;
  if (!refs) return true;
  const sets = new RegExp(`\\.${flag}\\s*=(?!=)|setattr\\(`);
  return refs.usesOf(flag, cls.module.file.path, cls.node.start, cls.node.end).some((use) => {
    if (!use.path.endsWith('.py') || TEST_PATH.test(use.path)) return false;
    const model = an.project.modelAt(use.path);
    if (!model) return true;
    const text = model.file.text(model.file.root);
    return model === cls.module ? sets.test(text.slice(0, cls.node.start) + text.slice(cls.node.end)) : sets.test(text);
  });
}

/**
 * Every construction of a class outside tests, when the model can see them all: each use of its name in a loaded
 * Python module is a call that resolves to the class. Null otherwise.
 */
function constructions(an: Analysis, cls: ClassInfo): CallInfo[] | null {
  const refs = an.nameRefs;
  if (!refs) return null;
  const out: CallInfo[] = [];
  for (const use of refs.usesOf(cls.name, cls.module.file.path, cls.node.start, cls.node.end)) {
    if (!use.path.endsWith('.py') || TEST_PATH.test(use.path)) continue;
    const model = an.project.modelAt(use.path);
    if (!model) return null;
    if (isTestModule(model)) continue;
    const calls = model.calls.filter((c) => c.name === cls.name && (c.node.start < cls.node.start || c.node.start >= cls.node.end || model !== cls.module));
    if (calls.length !== use.count) return null;
    for (const c of calls) {
      const callee = fieldOf(c.node, 'function');
      const sym = callee ? resolveExpr(an.project, c.scope, callee) : null;
      if (sym?.t !== 'cls' || sym.cls !== cls) return null;
      out.push(c);
    }
  }
  return out;
}
