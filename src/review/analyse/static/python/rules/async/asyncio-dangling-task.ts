import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, outerParent, unparen, walk, type PyNode } from '../../syntax/py-node.js';
import type { CallInfo, FunctionInfo } from '../../model/types.js';
import { methodName, positional, receiver } from '../../model/call-args.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
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
      if (coro && handlesOwnErrors(coro)) continue;
      // A finaliser has no owner left to keep the task; a dispatcher does not know what it schedules.
      if (call.fn?.name === '__del__' || schedulesUnknownAwaitable(ctx, call)) continue;
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

/** Handlers that catch every failure: `except:`, `except Exception`, `except BaseException`. */
const CATCH_ALL = /^except\s*(\(?\s*(Exception|BaseException)\b[^:]*)?(\s+as\s+\w+)?\s*:/;

/**
 * The coroutine's work (its body after the docstring) runs under a handler that catches every failure:
 * one `try` with a catch-all `except`, or `with suppress(Exception):`, with at most plain assignments
 * and returns that call nothing around it (`reasoning = f"..."`, `return reasoning`).
 */
function handlesOwnErrors(fn: FunctionInfo): boolean {
  const file = fn.module.file;
  const statements = (fn.body?.children ?? []).filter((n) => n.type !== 'comment' && !(n.type === 'expression_statement' && n.children[0]?.type === 'string'));
  const guards = statements.filter((n) => n.type === 'try_statement' || n.type === 'with_statement');
  if (guards.length !== 1 || statements.some((n) => !guards.includes(n) && !isInert(n))) return false;
  const guard = guards[0]!;
  if (guard.type === 'try_statement') return guard.children.some((c) => c.type === 'except_clause' && CATCH_ALL.test(file.text(c)));
  return /^(async\s+)?with\s+(contextlib\.)?suppress\(\s*(Exception|BaseException)\b/.test(file.text(guard));
}

/** A statement that cannot fail in practice: an assignment or a return of values, with no call or await in it. */
function isInert(n: PyNode): boolean {
  if (n.type !== 'return_statement' && !(n.type === 'expression_statement' && n.children[0]?.type === 'assignment')) return false;
  let inert = true;
  walk(n, (x) => {
    if (x.type === 'call' || x.type === 'await') inert = false;
    return inert;
  });
  return inert;
}
