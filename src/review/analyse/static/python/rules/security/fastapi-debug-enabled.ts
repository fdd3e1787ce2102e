import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf } from '../../syntax/py-node.js';
import { kwargNode } from '../../model/call-args.js';
import type { PythonRule } from '../support/rule-api.js';
import { isConstant, reportConstantUse } from '../support/constants.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('fastapi-debug-enabled');

const APPS = /^(fastapi\.FastAPI|starlette\.applications\.Starlette)$/;

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const call of ctx.model.calls) {
      if (call.name !== 'FastAPI' && call.name !== 'Starlette') continue;
      const q = ctx.an.qualifiedCallee(call);
      if (!q || !APPS.test(q)) continue;
      const debug = kwargNode(call.node, 'debug', ctx.model.file);
      const value = debug ? fieldOf(debug, 'value') : null;
      // A module constant or a plain config class is hard-coded too; a settings field comes from the environment.
      const site = value ? isConstant(ctx.an, value, call.scope, 'True') : null;
      if (!debug || !site) continue;
      const via = site.origin === 'literal' ? '`debug=True`' : `\`debug=${ctx.model.file.text(value!)}\` (True)`;
      reportConstantUse(ctx, meta, {
        use: debug,
        site,
        message:
          `${via} is hard-coded: unhandled exceptions will return full tracebacks (code, locals, settings) to ` +
          'clients. Read it from settings with a production default of False (e.g. `debug=settings.debug`).',
      });
    }
  },
};
