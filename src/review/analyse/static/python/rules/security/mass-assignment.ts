import type { RuleMeta } from '../../../shared/rule.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { checkPrivilegedCopies } from '../support/privileged-copies.js';
import { exposedFields, GRANT_MODEL, isPostgrestWrite, isPrivilegedFunction, PRIVILEGED, splatWrite } from '../support/splat-writes.js';
import { storedModels } from '../support/stored-models.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('mass-assignment');

export const rule: PythonRule = {
  meta,
  check(ctx) {
    checkPrivilegedCopies(ctx, {
      meta, grant: GRANT_MODEL,
      isPrivileged: (fn) => isPrivilegedFunction(ctx.an, fn),
      isPostgrestWrite: (call) => !!call.fn && isPostgrestWrite(ctx.an, call.fn, call.node),
    });
    checkInputModels(ctx);
    for (const fn of ctx.model.functions) {
      if (!fn.body || isPrivilegedFunction(ctx.an, fn)) continue;
      for (const call of fn.calls) {
        if (!ctx.touches(call.node)) continue;
        const sink = splatWrite(ctx.an, fn, call.node);
        if (!sink) continue;
        // Granting access is what membership / invitation / role models are for.
        if ([sink.source.cls, sink.target].some((c) => c && GRANT_MODEL.test(c.name))) continue;
        const fields = exposedFields(ctx.an, fn, sink.source, sink.target, call.node);
        if (!fields.length) continue;
        const via = ctx.model.file.text(sink.written) === sink.source.text ? '' : ` (\`${sink.source.text}\`)`;
        const of = (sink.source.cls ? `every field of \`${sink.source.cls.name}\`` : 'whatever JSON the client sent') + via;
        ctx.report(meta, {
          node: call.node,
          message:
            `${sink.what} stores ${of}, including ${fields.map((f) => `\`${f}\``).join(', ')}: any caller can set ` +
            `${fields.length > 1 ? 'them' : 'it'}. Leave server-owned fields out of the input model (or dump it with ` +
            '`exclude={...}`) and set them on the server, e.g. from the authenticated user.',
        });
      }
    }
  },
};

/**
 * A privileged field added to a request model that a loaded public route stores (`role` added to
 * `UserCreate`, which sign-up saves with `User(**user.dict())`): reported on the field, when the
 * write itself is not part of the change (it is reported there otherwise).
 */
function checkInputModels(ctx: FileContext): void {
  for (const cls of ctx.model.classes) {
    if (GRANT_MODEL.test(cls.name) || !ctx.an.isPydantic(cls)) continue;
    for (const [name, field] of cls.fields) {
      if (!PRIVILEGED.test(name) || !ctx.touches(field.node)) continue;
      const stored = storedModels(ctx.an).get(cls)?.find((s) => s.fields.includes(name));
      if (!stored || ctx.contextOf(stored.fn.module)?.touches(stored.call)) continue;
      const file = stored.fn.module.file;
      const route = ctx.an.route(stored.fn);
      const by = route ? `\`${route.methods[0]} ${route.prefix}${route.path}\`` : `\`${stored.fn.name}()\``;
      ctx.report(meta, {
        node: field.node,
        title: 'Client chooses a privileged field',
        message:
          `\`${cls.name}.${name}\` is filled by the client, and ${by} stores it (${stored.what}, ${file.path}:${file.startLine(stored.call)}): ` +
          `any caller can choose their own \`${name}\`. Keep server-owned fields out of public input models (a separate admin model), or exclude the field when storing.`,
      });
    }
  }
}
