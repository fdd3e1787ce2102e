import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, outerParent, unparen, type PyNode } from '../../syntax/py-node.js';
import { isAwaited } from '../../knowledge/analysis.js';
import { kwarg, methodName } from '../../model/call-args.js';
import { entityOf } from '../../knowledge/entities.js';
import type { ClassInfo, FunctionInfo } from '../../model/types.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('sqla-async-implicit-lazy-load');

const EAGER = new Set(['selectin', 'joined', 'subquery', 'immediate', 'raise', 'raise_on_sql', 'noload', 'write_only', 'dynamic']);

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const fn of ctx.model.functions) {
      if (!fn.isAsync) continue;
      checkResponseModel(ctx, fn);
      const seen = new Set<string>();
      for (const attr of fn.attributes) {
        if (!ctx.touches(attr) || isStore(attr)) continue;
        const obj = fieldOf(attr, 'object');
        const nameNode = fieldOf(attr, 'attribute');
        if (!obj || !nameNode) continue;
        const name = ctx.model.file.text(nameNode);
        const entity = entityOf(ctx.an, obj, fn.scope);
        if (!entity || entity.many) continue;
        const rel = entity.model.relationships.get(name);
        if (!rel || (rel.lazy && EAGER.has(rel.lazy)) || entity.loaders.has(name)) continue;
        if (!isAwaited(entity.origin.exec) || refreshedWith(ctx, fn, name)) continue;
        const key = `${ctx.model.file.text(obj)}.${name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const inLoop = fn.loops.some((l) => l.node.start < attr.start && attr.end <= l.node.end && l.iter !== null);
        ctx.report(meta, {
          node: attr,
          message:
            `\`${key}\` is a lazy relationship of ${entity.model.cls.name} that the query did not load: under AsyncSession ` +
            `this raises MissingGreenlet${inLoop ? ', and with a greenlet shim it runs one query per row of the loop (N+1)' : ''}. ` +
            `Load it with the query (\`.options(${rel.many ? 'selectinload' : 'joinedload'}(${entity.model.cls.name}.${name}))\`) or use \`await obj.awaitable_attrs.${name}\`.`,
        });
      }
    }
  },
};

/** `obj.rel = value` assigns, it does not load. */
function isStore(attr: PyNode): boolean {
  const p = outerParent(attr);
  return p?.type === 'assignment' && p.children[0] === attr;
}

/** `await db.refresh(obj, ["rel"])` loads the relationship explicitly. */
function refreshedWith(ctx: FileContext, fn: FunctionInfo, name: string): boolean {
  return fn.calls.some((c) => methodName(c.node, ctx.model.file) === 'refresh' && ctx.model.file.text(c.node).includes(`"${name}"`));
}

/**
 * A route whose response model has a field named like a relationship that the returned objects did
 * not load: FastAPI reads it while serialising, outside any greenlet, and the request fails.
 */
function checkResponseModel(ctx: FileContext, fn: FunctionInfo): void {
  const route = ctx.an.route(fn);
  if (!route) return;
  const model = responseModelClass(ctx, fn, route.decorator);
  if (!model) return;
  for (const ret of fn.returns) {
    if (!ctx.touches(ret)) continue;
    const entity = entityOf(ctx.an, ret, fn.scope);
    if (!entity || !isAwaited(entity.origin.exec)) continue;
    const missing = ctx.an.fieldNames(model).filter((f) => {
      const rel = entity.model.relationships.get(f);
      return rel && !(rel.lazy && EAGER.has(rel.lazy)) && !entity.loaders.has(f);
    });
    if (!missing.length) continue;
    ctx.report(meta, {
      node: ret.parent?.type === 'return_statement' ? ret.parent : ret,
      message:
        `The response model \`${model.name}\` includes ${missing.map((m) => `\`${m}\``).join(', ')}, lazy relationship${missing.length > 1 ? 's' : ''} of ` +
        `${entity.model.cls.name} that the query did not load: serialising the response triggers lazy loads outside the ` +
        `session's greenlet (MissingGreenlet). Add \`.options(selectinload(${entity.model.cls.name}.${missing[0]}))\` to the query.`,
    });
    return;
  }
}

function responseModelClass(ctx: FileContext, fn: FunctionInfo, decorator: PyNode): ClassInfo | null {
  const scope = fn.scope.parent ?? fn.module.scope;
  const node = kwarg(decorator, 'response_model', ctx.model.file) ?? fn.returnType;
  if (!node) return null;
  let n = unparen(node.type === 'type' && node.children[0] ? node.children[0] : node);
  // list[X] / List[X] / Sequence[X] -> X
  if ((n.type === 'subscript' || n.type === 'generic_type') && n.children.length > 1) {
    const inner = n.type === 'generic_type' ? n.children.find((c) => c.type === 'type_parameter')?.children[0] : n.children[1];
    if (inner) n = unparen(inner.type === 'type' && inner.children[0] ? inner.children[0] : inner);
  }
  const v = ctx.an.infer.annotationValue(n, scope);
  return v?.t === 'obj' && ctx.an.isPydantic(v.cls) ? v.cls : null;
}
