import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { boundArgument, callFits, receiver } from '../../model/call-args.js';
import type { Val } from '../../knowledge/library-values.js';
import type { CallInfo, FunctionInfo, Scope } from '../../model/types.js';
import { blockingCall, type BlockingCall, type BlockingKind } from './blocking.js';
import { debugOnly, offModeOf, unusedOptionBranch } from './blocking-guards.js';
import { implementationsOf } from './overrides.js';

/** How many plain helpers deep a blocking call is still reported at the call site. */
const MAX_HELPERS = 2;

export interface HelperChain {
  /** The helpers from the call site inwards: `update_user` then `get_user_by_username`. */
  helpers: FunctionInfo[];
  inner: BlockingCall;
  /**
   * When the call site runs an abstract method (`self.request()` in the base class): the implementations of it
   * that block this way, the one `helpers` goes through first.
   */
  implementations?: FunctionInfo[];
}

/** One step into a helper: the helper and the call that entered it. */
interface Frame {
  helper: FunctionInfo;
  call: CallInfo;
}

/**
 * A blocking call inside the plain `def` helpers of the project that `call` invokes, one or two calls
 * away, across modules: the helper blocks the loop too. A helper's parameter holds what its caller
 * passed (`update_user(db, ...)` with the route's sync `Session`). Cached helpers (lru_cache) and
 * generators are left alone; offloaded helpers (`run_in_threadpool(helper, ...)`) are never called here.
 * A call of an abstract method on its own class's type (`self.request()` in the base class) runs one of the
 * subclasses' implementations: it blocks when one of them does.
 */
export function blockingViaHelper(an: Analysis, call: CallInfo, kind: BlockingKind): HelperChain | null {
  return follow(an, call, kind, []);
}

function follow(an: Analysis, call: CallInfo, kind: BlockingKind, frames: Frame[]): HelperChain | null {
  const callee = an.calledFunction(call);
  if (!callee) return null;
  // At the call site only: the finding names the implementation it runs.
  const implementations = frames.length ? [] : implementationsOf(an, call, callee);
  if (!implementations.length) return followInto(an, call, callee, kind, frames);
  let first: HelperChain | null = null;
  const blocking: FunctionInfo[] = [];
  for (const impl of implementations) {
    const chain = followInto(an, call, impl, kind, frames);
    if (!chain) continue;
    first ??= chain;
    blocking.push(impl);
  }
  return first ? { ...first, implementations: blocking } : null;
}

function followInto(an: Analysis, call: CallInfo, helper: FunctionInfo, kind: BlockingKind, frames: Frame[]): HelperChain | null {
  if (!isPlainHelper(helper) || frames.some((f) => f.helper === helper) || helper === call.fn) return null;
  // A call that cannot fill the helper's parameters never runs its body (or it is another function).
  if (!callFits(call.node, helper, call.scope.module.file)) return null;
  const stack = [...frames, { helper, call }];
  const receiverOf = (c: CallInfo) => receiverThrough(an, c, stack);
  const argumentOf = (param: string, scope: Scope) => argumentThrough(param, scope, stack);
  // A call under `if mode == <default>:` that this caller switches off, or under `if path is not None:` for a
  // path this caller does not pass, never runs.
  const own = helper.calls.filter((c) => c.fn === helper && !offModeOf(helper, c, call) && !unusedOptionBranch(helper, c, [call]) && !debugOnly(helper, c) && !fallbackAfterConstant(helper, c));
  for (const inner of own) {
    const b = blockingCall(an, inner, receiverOf, argumentOf);
    if (b && b.kind === kind && !b.minor) return { helpers: [helper], inner: b };
  }
  if (stack.length >= MAX_HELPERS) return null;
  for (const inner of own) {
    if (!an.mayBeProjectFunction(inner.name)) continue;
    const deeper = follow(an, inner, kind, stack);
    if (deeper) return { helpers: [helper, ...deeper.helpers], inner: deeper.inner };
  }
  return null;
}

function isPlainHelper(fn: FunctionInfo): boolean {
  if (fn.isAsync || fn.isLambda || fn.yields.length || isOneTimeSetup(fn) || isMemoised(fn) || offloads(fn)) return false;
  return !fn.decorators.some((d) => /cache|lru_cache|memoize/.test(fn.module.file.text(d)));
}

/** Hands work to a thread or an executor (`threading.Thread(target=...)`, `pool.submit(...)`). */
const OFFLOAD_CALLS = new Set(['Thread', 'submit', 'run_in_executor', 'start_new_thread', 'Process']);

/** A fire-and-forget helper: its I/O runs in the thread it starts, not on the caller's loop. */
function offloads(fn: FunctionInfo): boolean {
  return fn.calls.some((c) => c.fn === fn && OFFLOAD_CALLS.has(c.name));
}

/** Logging configuration: a logger gets its handlers once, later calls return early. */
const LOGGING_SETUP = new Set(['addHandler', 'basicConfig', 'dictConfig', 'fileConfig']);

/**
 * Work done on the first call only: logging configuration, or a lazy singleton that sets a
 * `global` and returns early once it is set. Later calls do no I/O.
 */
function isOneTimeSetup(fn: FunctionInfo): boolean {
  if (fn.calls.some((c) => c.fn === fn && LOGGING_SETUP.has(c.name))) return true;
  return fn.hasGlobal && !!fn.body?.children.some((st) => st.type === 'if_statement' && /^\s*return\b/m.test(fn.module.file.text(fieldOf(st, 'consequence') ?? st)));
}

/** `return self._cache` / `return self._cache[key]`: the whole branch hands back a stored value. */
const RETURN_STORED = /^return\s+((?:self|cls)\.\w+)(?:\[[^\]\n]+\])?\s*$/;

/**
 * A memoised helper: a top-level `if` returns a value stored on the object (`if not
 * self._should_refresh(): return self._pricing_cache`) and the helper stores what it fetches under
 * the same name. Its I/O runs once per expiry, not per call: the same as `lru_cache`. Or its whole
 * work sits under `if self._git_available is None:` (or `if not self._client:`), which sets that
 * attribute: it runs once per object.
 */
function isMemoised(fn: FunctionInfo): boolean {
  const file = fn.module.file;
  const body = fn.body ? file.text(fn.body) : '';
  const work = fn.body?.children.filter((st) => st.type !== 'comment' && !(st.type === 'expression_statement' && st.children[0]?.type === 'string')) ?? [];
  const once = work.length > 0 && work.every((st) => st.type === 'if_statement' && !!setsOnce(file.text(st)));
  if (once) return true;
  return !!fn.body?.children.some((st) => {
    const consequence = st.type === 'if_statement' ? fieldOf(st, 'consequence') : null;
    const stored = consequence ? RETURN_STORED.exec(file.text(consequence).trim()) : null;
    if (!stored) return false;
    const attr = stored[1].replace('.', '\\.');
    return new RegExp(`(^|[^.\\w])${attr}(\\[[^\\]\\n]+\\])?\\s*=(?!=)`, 'm').test(body);
  });
}

/**
 * Work after `if key in SYSTEM_PROMPTS: return SYSTEM_PROMPTS[key]` at the top of the helper: the in-memory
 * constant serves the keys it knows, and the file read (or fetch) is the fallback for the others, the same as
 * a cache hit before the I/O.
 */
function fallbackAfterConstant(helper: FunctionInfo, inner: CallInfo): boolean {
  const file = helper.module.file;
  for (const st of helper.body?.children ?? []) {
    if (st.start >= inner.node.start) return false;
    if (st.type !== 'if_statement') continue;
    const condition = fieldOf(st, 'condition');
    const consequence = fieldOf(st, 'consequence');
    if (condition && consequence && /^\w+\s+in\s+[A-Z][A-Z0-9_]*$/.test(file.text(condition).trim()) && /^return\b/.test(file.text(consequence).trim())) return true;
  }
  return false;
}

/** `if self.x is None:` / `if not self.x:` whose block assigns `self.x`: the attribute, else null. */
function setsOnce(text: string): string | null {
  const m = /^if\s+(?:not\s+((?:self|cls)\.\w+)|((?:self|cls)\.\w+)\s+is\s+None)\s*:/.exec(text);
  const attr = m ? (m[1] ?? m[2]) : null;
  return attr && new RegExp(`(^|[^.\\w])${attr.replace('.', '\\.')}\\s*=(?!=)`, 'm').test(text.slice(m![0].length)) ? attr : null;
}

/** A parameter of a helper on the stack: the argument the call that entered it passed, in the caller's scope. */
function argumentThrough(param: string, scope: Scope, stack: Frame[]): { node: PyNode; scope: Scope } | null {
  const frame = [...stack].reverse().find((f) => f.helper.scope === scope);
  const arg = frame ? boundArgument(frame.call.node, frame.helper, param, frame.call.scope.module.file) : null;
  return frame && arg ? { node: arg, scope: frame.call.scope } : null;
}

function receiverThrough(an: Analysis, call: CallInfo, stack: Frame[]): Val | null {
  const recv = receiver(call.node);
  return recv ? valueThrough(an, recv, call.scope, stack) : null;
}

/**
 * The value of an expression inside a helper: its own inference first (an annotation, a local
 * client), else, for a parameter the helper never rebinds, the argument its caller passed.
 */
function valueThrough(an: Analysis, node: PyNode, scope: Scope, stack: Frame[]): Val | null {
  const own = an.infer.valueOf(node, scope);
  const n = unparen(node);
  if ((own && own.t !== 'sym') || n.type !== 'identifier' || !stack.length) return own;
  const top = stack[stack.length - 1];
  if (scope.fn !== top.helper) return own;
  const name = scope.module.file.text(n);
  const bindings = top.helper.scope.bindings.get(name);
  if (!bindings?.length || bindings.some((b) => b.kind !== 'param')) return own;
  const arg = boundArgument(top.call.node, top.helper, name, top.call.scope.module.file);
  return arg ? valueThrough(an, arg, top.call.scope, stack.slice(0, -1)) ?? own : own;
}
