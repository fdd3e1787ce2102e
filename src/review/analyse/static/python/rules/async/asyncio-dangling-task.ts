import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, outerParent, unparen, walk, type PyNode } from '../../syntax/py-node.js';
import type { CallInfo, FunctionInfo } from '../../model/types.js';
import { methodName, positional, receiver } from '../../model/call-args.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { isAbstract, overridesOf } from '../support/overrides.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('asyncio-dangling-task');

const SPAWNERS = new Set(['asyncio.create_task', 'asyncio.ensure_future']);

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const call of ctx.model.calls) {
      if ((call.name !== 'create_task' && call.name !== 'ensure_future') || outerParent(call.node)?.type !== 'expression_statement' || !ctx.touches(call.node)) continue;
      const q = ctx.an.qualifiedCallee(call);
      const onLoop = methodName(call.node, ctx.model.file) === 'create_task' && isEventLoop(ctx, call);
      if (!(q && SPAWNERS.has(q)) && !onLoop) continue;
      // Its own failures handled, a fire-and-forget task loses nothing but the weak-reference hazard, rare in practice.
      const coro = spawnedFunction(ctx, call);
      if (coro && handlesOwnErrors(ctx.an, coro)) continue;
      // A finaliser has no owner left to keep the task; a dispatcher does not know what it schedules.
      if (call.fn?.name === '__del__' || schedulesUnknownAwaitable(ctx, call)) continue;
      // Shutdown work from a signal handler; an optional hook the owner may set; a task the author calls best
      // effort; the twin of one a listener lambda starts for later items (that form is never reported either).
      if (inSignalHandler(ctx, call) || optionalHook(ctx, call) || markedBestEffort(ctx, call, coro) || listenerTwin(ctx, call)) continue;
      ctx.report(meta, {
        node: call.node,
        message:
          'The task returned here is not stored: the loop holds only a weak reference, so it may be garbage-collected ' +
          'mid-flight and its exception is lost. Keep a reference (e.g. add it to a set and discard it in a done ' +
          'callback), use `asyncio.TaskGroup`, or FastAPI `BackgroundTasks`.',
      });
    }
  },
};

/**
 * An event emitter's dispatch: the scheduled object is whatever a listener returned, scheduled only
 * under `if asyncio.iscoroutine(result):` (or `inspect.isawaitable`). The listener owns its work.
 */
function schedulesUnknownAwaitable(ctx: FileContext, call: CallInfo): boolean {
  const arg = positional(call.node, 0);
  const name = arg && unparen(arg).type === 'identifier' ? ctx.model.file.text(unparen(arg)) : null;
  if (!name) return false;
  const guard = new RegExp(`^if\\s+(not\\s+)?(asyncio|inspect)\\.(iscoroutine|isawaitable)\\(\\s*${name}\\s*\\)`);
  for (let n = call.node.parent; n && n !== call.fn?.node; n = n.parent) {
    if (n.type === 'if_statement' && guard.test(ctx.model.file.text(n))) return true;
  }
  return false;
}

/** The function around the call is a signal handler: `loop.add_signal_handler(SIGTERM, handler)`, `signal.signal(SIGINT, handler)`. */
function inSignalHandler(ctx: FileContext, call: CallInfo): boolean {
  const name = call.fn?.name;
  if (!name || call.fn?.isLambda) return false;
  return new RegExp(`\\b(add_signal_handler|signal\\.signal)\\(\\s*[\\w.]+\\s*,\\s*(?:[\\w.]+\\.)?${name}\\b`).test(ctx.model.file.source);
}

/** `if self.on_drain: asyncio.create_task(self.on_drain())`: a hook the owner may or may not set, whatever it does. */
function optionalHook(ctx: FileContext, call: CallInfo): boolean {
  const arg = positional(call.node, 0);
  const inner = arg ? unparen(arg) : null;
  const callee = inner?.type === 'call' ? fieldOf(inner, 'function') : null;
  if (!callee) return false;
  const file = ctx.model.file;
  const hook = file.text(callee);
  for (let n = call.node.parent; n && n !== call.fn?.node; n = n.parent) {
    const cond = n.type === 'if_statement' ? fieldOf(n, 'condition') : null;
    if (cond && (file.text(cond) === hook || file.text(cond) === `${hook} is not None`)) return true;
  }
  return false;
}

const BEST_EFFORT = /best[- ]effort|fire[- ]and[- ]forget|cosmetic|non[- ]critical/i;

/** The author says losing it is fine: the comment above the call, or the docstring of its function or of the coroutine. */
function markedBestEffort(ctx: FileContext, call: CallInfo, coro: FunctionInfo | null): boolean {
  const file = ctx.model.file;
  const lines = file.source.slice(0, call.node.start).split('\n');
  lines.pop();
  for (let i = lines.length - 1; i >= 0 && /^\s*#/.test(lines[i]); i--) if (BEST_EFFORT.test(lines[i])) return true;
  return [call.fn, coro].some((f) => {
    const first = f?.body?.children.find((n) => n.type !== 'comment');
    return !!first && first.type === 'expression_statement' && first.children[0]?.type === 'string' && BEST_EFFORT.test(f!.module.file.text(first));
  });
}

/**
 * The loop that starts a task per existing item, next to a listener that starts the same one for each new item
 * (`page.on("request", lambda r: asyncio.create_task(handle(r)))`): both are one design, judged as the lambda is.
 */
function listenerTwin(ctx: FileContext, call: CallInfo): boolean {
  const arg = positional(call.node, 0);
  const inner = arg ? unparen(arg) : null;
  const callee = inner?.type === 'call' ? fieldOf(inner, 'function') : null;
  if (!callee || !call.fn?.body) return false;
  const file = ctx.model.file;
  const spawned = file.text(callee);
  let twin = false;
  walk(call.fn.body, (n) => {
    if (twin) return false;
    if (n.type === 'lambda' && file.text(n).includes(`create_task(${spawned}(`)) twin = true;
    return !twin;
  });
  return twin;
}

function isEventLoop(ctx: FileContext, call: CallInfo): boolean {
  const recv = receiver(call.node);
  if (!recv) return false;
  const r = unparen(recv);
  if (r.type === 'call') {
    const callee = fieldOf(r, 'function');
    const q = callee ? ctx.an.qualifiedOf(callee, call.scope) : null;
    return q === 'asyncio.get_event_loop' || q === 'asyncio.get_running_loop';
  }
  return /^(loop|event_loop|self\.loop|self\._loop)$/.test(ctx.model.file.text(r));
}

/** The project coroutine function whose call the task runs: `create_task(self._disable(model))`. */
function spawnedFunction(ctx: FileContext, call: CallInfo): FunctionInfo | null {
  const arg = positional(call.node, 0);
  const inner = arg ? unparen(arg) : null;
  if (inner?.type !== 'call') return null;
  const info = ctx.model.calls.find((c) => c.node === inner);
  const fn = info ? ctx.an.calledFunction(info) : null;
  return fn?.isAsync ? fn : null;
}

/**
 * The coroutine looks after its own failures: every await in it (an `async with`, an `async for`) runs in
 * the body of a `try` that handles errors or under `with suppress(...)`, is an `asyncio.sleep`, or awaits a
 * project coroutine that does the same (three calls deep). Sync statements around them (logging, building
 * arguments) are allowed. "Generate, then save" passes too: a `try` with a catch-all handler around the
 * main work, and one await outside it. A task that runs forever (`while True`) is a service, never passed:
 * losing it loses the service. An abstract method, or one a subclass overrides with code that does not
 * pass, tells nothing.
 */
function handlesOwnErrors(an: FileContext['an'], fn: FunctionInfo): boolean {
  // Callees answer once (a helper awaited twice is judged once); one being judged counts as unguarded (recursion).
  const known = new Map<FunctionInfo, boolean>();
  const calleeGuarded = (f: FunctionInfo, depth: number): boolean => {
    const prior = known.get(f);
    if (prior !== undefined) return prior;
    known.set(f, false);
    const ok = guarded(f, depth).ok;
    known.set(f, ok);
    return ok;
  };
  const guarded = (f: FunctionInfo, depth: number): { ok: boolean; open: number; caught: boolean } => {
    const fail = { ok: false, open: 0, caught: false };
    if (depth > 3 || !f.body || runsForever(f)) return fail;
    let open = 0;
    let ok = true;
    let awaits = 0;
    walk(f.body, (n) => {
      if (!ok) return false;
      if (n !== f.body && (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition')) return false;
      if (!isAwaitPoint(n, f)) return true;
      awaits++;
      if (underHandler(n, f) || sleeps(n, f)) return true;
      const callee = awaitedCoroutine(an, n, f);
      if (callee && implementations(an, callee).every((c) => calleeGuarded(c, depth + 1))) return true;
      open++;
      return true;
    });
    ok &&= awaits > 0;
    const caught = (f.body.children ?? []).some((c) => c.type === 'try_statement' && catchesAll(c, f) && hasAwait(c, f));
    return { ok: ok && (open === 0 || (depth === 0 && open === 1 && caught)), open, caught };
  };
  const all = implementations(an, fn);
  return all.length > 0 && all.every((f) => guarded(f, 0).ok);
}

/** What a call of `fn` may run: it and the overrides of project subclasses, an abstract one never (none when all are). */
function implementations(an: FileContext['an'], fn: FunctionInfo): FunctionInfo[] {
  const all = [fn, ...overridesOf(an, fn)];
  return isAbstract(fn) && all.length === 1 ? [] : all.filter((f) => !isAbstract(f));
}

/** An await, or an `async with` / `async for` statement (they await too). */
function isAwaitPoint(n: PyNode, f: FunctionInfo): boolean {
  if (n.type === 'await') return true;
  return (n.type === 'with_statement' || n.type === 'for_statement') && /^async\b/.test(f.module.file.text(n));
}

/** Inside the body of a `try` that handles some error, or of `with suppress(...)`, below the function body. */
function underHandler(n: PyNode, f: FunctionInfo): boolean {
  for (let child = n, p = n.parent; p && child !== f.body; child = p, p = p.parent) {
    if (p.type === 'try_statement' && child.field === 'body' && p.children.some((c) => c.type === 'except_clause' || c.type === 'except_group_clause')) return true;
    if (p.type === 'with_statement' && child.field === 'body' && SUPPRESS.test(f.module.file.text(p))) return true;
  }
  return false;
}

const SUPPRESS = /^(async\s+)?with\s+(contextlib\.)?suppress\(/;

/** `await asyncio.sleep(...)`: a pause, not a failure. */
function sleeps(n: PyNode, f: FunctionInfo): boolean {
  return n.type === 'await' && /^await\s+(asyncio\.)?sleep\(/.test(f.module.file.text(n));
}

/** The project coroutine function an await calls, when it resolves. */
function awaitedCoroutine(an: FileContext['an'], n: PyNode, f: FunctionInfo): FunctionInfo | null {
  if (n.type !== 'await') return null;
  const inner = n.children.find((c) => c.type !== 'await') ?? null;
  const call = inner ? unparen(inner) : null;
  if (call?.type !== 'call') return null;
  const info = f.calls.find((c) => c.node === call);
  const target = info ? an.calledFunction(info) : null;
  return target?.isAsync ? target : null;
}

/**
 * A long-lived service: a `while True:` loop, or a periodic one (`while max_runs is None or runs < max_runs:`
 * ... `await asyncio.sleep(interval)`) that no deadline bounds.
 */
function runsForever(f: FunctionInfo): boolean {
  const file = f.module.file;
  let forever = false;
  walk(f.body!, (n) => {
    if (forever) return false;
    if (n.type !== 'while_statement') return true;
    const text = file.text(n);
    const condition = fieldOf(n, 'condition');
    forever = /^while\s+(True|1)\s*:/.test(text) || (/\bawait\s+(asyncio\.)?sleep\(/.test(text) && !!condition && !DEADLINE.test(file.text(condition)));
    return !forever;
  });
  return forever;
}

/** A loop condition on time: `while loop.time() < deadline:`, `while elapsed < timeout:`. */
const DEADLINE = /time|deadline|timeout|elapsed|until|expire/i;

/** A `try` whose handlers catch every failure (`except:`, `except Exception`, `except BaseException`) and do not re-raise. */
function catchesAll(t: PyNode, f: FunctionInfo): boolean {
  const file = f.module.file;
  return t.children.some((c) => c.type === 'except_clause' && CATCH_ALL.test(file.text(c)) && !/^\s*raise\b/m.test(file.text(c)));
}

/** Handlers that catch every failure: `except:`, `except Exception`, `except BaseException`. */
const CATCH_ALL = /^except\s*(\(?\s*(Exception|BaseException)\b[^:]*)?(\s+as\s+\w+)?\s*:/;

function hasAwait(n: PyNode, f: FunctionInfo): boolean {
  let found = false;
  walk(n, (x) => {
    if (found) return false;
    if (isAwaitPoint(x, f)) found = true;
    return !found;
  });
  return found;
}
