import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../knowledge/analysis.js';
import type { ClassInfo, FunctionInfo } from '../../model/types.js';
import { fieldCopies } from './field-copies.js';
import { isCheckedIn, isPrivilegedField } from './privileged-copies.js';
import { exposedFields, GRANT_MODEL, isPostgrestWrite, isPrivilegedFunction, requestModel, splatWrite } from './splat-writes.js';

/** A write, in a loaded non-admin route or a helper it hands its body, that stores fields of a request model. */
export interface StoredModel {
  fn: FunctionInfo;
  call: PyNode;
  /** How the write reads in a message. */
  what: string;
  /** The privileged fields it stores from the client. */
  fields: string[];
}

/**
 * Where the loaded code stores each request model's privileged fields: whole (`User(**body.dict())`,
 * `User.model_validate(body)`) or one by one (`User(role=body.role)`). Keyed by the class that
 * declares the model (and its project base classes, where the field may be declared).
 */
export function storedModels(an: Analysis): Map<ClassInfo, StoredModel[]> {
  return an.memo('mass-assignment:stored-models', () => {
    const out = new Map<ClassInfo, StoredModel[]>();
    const add = (cls: ClassInfo, entry: StoredModel) => {
      for (const c of [cls, ...an.baseClasses(cls)]) out.set(c, [...(out.get(c) ?? []), entry]);
    };
    for (const module of an.loadedModules()) {
      for (const fn of module.functions) {
        if (!fn.body || isPrivilegedFunction(an, fn)) continue;
        for (const call of fn.calls) {
          const sink = splatWrite(an, fn, call.node);
          if (sink?.source.cls && ![sink.source.cls, sink.target].some((c) => c && GRANT_MODEL.test(c.name))) {
            const fields = exposedFields(an, fn, sink.source, sink.target, call.node);
            if (fields.length) add(sink.source.cls, { fn, call: call.node, what: sink.what, fields });
          }
          for (const copy of fieldCopies(an, call, (c) => !!c.fn && isPostgrestWrite(an, c.fn, c.node))) {
            if (!isPrivilegedField(an, copy, call) || isCheckedIn([fn], copy.field)) continue;
            const v = unparen(copy.value);
            const holder = v.type === 'attribute' ? fieldOf(v, 'object') : null;
            if (!holder || holder.type !== 'identifier' || module.file.text(fieldOf(v, 'attribute')!) !== copy.field) continue;
            const cls = requestModel(an, fn, module.file.text(holder));
            if (cls && !GRANT_MODEL.test(cls.name) && !(copy.target && GRANT_MODEL.test(copy.target.name))) {
              add(cls, { fn, call: call.node, what: copy.what, fields: [copy.field] });
            }
          }
        }
      }
    }
    return out;
  });
}
