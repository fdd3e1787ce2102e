import type { RuleMeta } from '../../rule.js';
import type { FileContext, PythonRule } from './rule-api.js';
import { checkPrivilegedCopies } from './support/privileged-copies.js';
import { exposedFields, GRANT_MODEL, isPostgrestWrite, isPrivilegedFunction, PRIVILEGED, splatWrite } from './support/splat-writes.js';
import { storedModels } from './support/stored-models.js';

export const meta: RuleMeta = {
  id: 'mass-assignment',
  category: 'security',
  severity: 'medium',
  title: 'Client input copied wholesale into a row',
  rationale:
    'Splatting a request model into an ORM constructor or a PostgREST write (`Note(**body.model_dump())`, ' +
    '`.update(body.model_dump())`, a `setattr` loop) stores every field the client sent. When the input model ' +
    'carries fields only the server should set (`owner_id`, `role`, `is_admin`, `balance`), any caller can ' +
    'give a row to someone else or make themselves an admin. Keep such fields out of the input model (separate ' +
    'Create / Update models, `extra="forbid"`), or exclude them and set them on the server.',
  anchors: ['semgrep django mass-assignment', 'FastAPI SQL tutorial (HeroCreate / HeroUpdate)', 'OWASP API3:2023 (mass assignment)'],
};

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
