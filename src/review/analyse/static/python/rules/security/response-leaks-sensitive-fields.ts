import type { RuleMeta } from '../../../shared/rule.js';
import { unparen, type PyNode } from '../../syntax/py-node.js';
import { kwarg } from '../../model/call-args.js';
import { declaredNoSecret, ormModelOf, sensitiveColumns } from '../../knowledge/orm.js';
import { describesSecret } from '../../../support/sensitive-names.js';
import { entityOf } from '../../knowledge/entities.js';
import type { ClassInfo, FunctionInfo } from '../../model/types.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('response-leaks-sensitive-fields');

const SECRET_FIELD = /password|passwd|secret|token|api_?key|private_?key|mfa|otp/i;

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const fn of ctx.model.functions) {
      const route = ctx.an.route(fn);
      if (!route || route.hasResponseModel || kwarg(route.decorator, 'response_class', ctx.model.file)) continue;
      if (fn.returnType && !isLooseAnnotation(ctx, fn)) continue;
      for (const ret of fn.returns) {
        if (!ctx.touches(ret)) continue;
        const leak = leakOf(ctx, fn, ret);
        if (!leak) continue;
        ctx.report(meta, {
          node: ret.parent?.type === 'return_statement' ? ret.parent : ret,
          message:
            `This returns ${leak.what} with no response model, so FastAPI serialises every field, including ` +
            `${leak.fields.map((f) => `\`${f}\``).join(', ')}. Declare an output schema (\`response_model=...\` or a return annotation) without them.`,
        });
        break;
      }
    }
  },
};

/** `-> dict`, `-> Any` and an ORM class as annotation do not filter anything. */
function isLooseAnnotation(ctx: FileContext, fn: FunctionInfo): boolean {
  const text = ctx.model.file.text(fn.returnType!).replace(/\s/g, '');
  if (/^(Any|dict|Dict|dict\[.*\]|Dict\[.*\]|object)$/.test(text)) return true;
  const v = ctx.an.infer.annotationValue(fn.returnType!, fn.scope.parent ?? fn.module.scope);
  return v?.t === 'obj' && !!ormModelOf(v.cls);
}

function leakOf(ctx: FileContext, fn: FunctionInfo, ret: PyNode): { what: string; fields: string[] } | null {
  const v = ctx.an.infer.valueOf(ret, fn.scope);
  const cls = v?.t === 'obj' ? v.cls : null;
  const fromOrm = cls ? ormLeak(cls) : null;
  if (fromOrm) return fromOrm;
  const entity = entityOf(ctx.an, ret, fn.scope);
  if (entity) {
    const fields = sensitiveColumns(entity.model);
    const what = entity.many ? `a list of ORM \`${entity.model.cls.name}\` objects` : `the ORM \`${entity.model.cls.name}\` object`;
    if (fields.length) return { what, fields };
  }
  // Echoing the request body back: `return user_in` where UserIn has a password field.
  const r = unparen(ret);
  if (r.type === 'identifier' && cls && ctx.an.isPydantic(cls) && fn.params.some((p) => p.name === ctx.model.file.text(r))) {
    const owners = [cls, ...ctx.an.baseClasses(cls)];
    const fields = ctx.an
      .fieldNames(cls)
      .filter((f) => SECRET_FIELD.test(f) && !describesSecret(f) && !owners.some((c) => c.fields.has(f) && declaredNoSecret(c, f)));
    if (fields.length) return { what: `the request model \`${cls.name}\``, fields };
  }
  return null;
}

function ormLeak(cls: ClassInfo): { what: string; fields: string[] } | null {
  const model = ormModelOf(cls);
  const fields = model ? sensitiveColumns(model) : [];
  return fields.length ? { what: `the ORM \`${cls.name}\` object`, fields } : null;
}
