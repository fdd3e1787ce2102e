import type { RuleMeta } from '../../../shared/rule.js';
import { argumentValues } from '../../model/call-args.js';
import { dependencyTarget } from '../../knowledge/depends.js';
import { resolveExpr } from '../../model/resolve.js';
import type { CallInfo } from '../../model/types.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('background-task-reuses-request-session');

const SESSION_KINDS = /^(sa\.(Session|AsyncSession|Connection|AsyncConnection)|apg\.Connection|pg\.(Connection|AsyncConnection))$/;

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const call of ctx.model.calls) {
      if (call.name !== 'add_task' || !call.fn || !ctx.touches(call.node)) continue;
      const passed = argumentValues(call.node).slice(1).find((a) => a.type === 'identifier' && isRequestSession(ctx, call, ctx.model.file.text(a)));
      if (!passed) continue;
      ctx.report(meta, {
        node: call.node,
        message:
          `\`${ctx.model.file.text(passed)}\` comes from a \`yield\` dependency and is closed once the response is sent, before ` +
          'this background task runs. Pass the ids the task needs and open a new session inside the task.',
      });
    }
  },
};

/** A parameter of the route whose dependency yields a session / connection. */
function isRequestSession(ctx: FileContext, call: CallInfo, name: string): boolean {
  const fn = call.fn!;
  const p = fn.params.find((x) => x.name === name);
  if (!p) return false;
  const v = ctx.an.infer.paramValue(fn, name);
  if (v?.t !== 'inst' || !SESSION_KINDS.test(v.kind)) return false;
  const dep = dependencyTarget(ctx.an.project, fn.scope.parent ?? fn.module.scope, p);
  const sym = dep ? resolveExpr(ctx.an.project, dep.scope, dep.node) : null;
  return sym?.t === 'fn' && sym.fn.yields.length > 0;
}
