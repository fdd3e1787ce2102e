import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, outerParent, unparen } from '../../syntax/py-node.js';
import type { CallInfo } from '../../model/types.js';
import { methodName, receiver } from '../../model/call-args.js';
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
