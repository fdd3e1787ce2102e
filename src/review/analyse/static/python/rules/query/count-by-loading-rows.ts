import type { RuleMeta } from '../../../shared/rule.js';
import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import { ormModelOf } from '../../knowledge/orm.js';
import type { FunctionInfo, Scope } from '../../model/types.js';
import { positional } from '../../model/call-args.js';
import { resultOf } from '../../knowledge/queries.js';
import { refsOf } from '../../model/refs.js';
import type { FileContext, PythonRule } from '../support/rule-api.js';
import { isOneOffCode } from '../support/one-off.js';
import { escapeRegExp } from '../../../support/names.js';
import { ruleMeta } from '../../../../../../catalog/index.js';

export const meta: RuleMeta = ruleMeta('count-by-loading-rows');

/** Loading strategies that never load the collection as a list: `len()` of them is no load (or fails at once). */
const NO_LIST = new Set(['dynamic', 'write_only', 'noload', 'raise', 'raise_on_sql']);

/**
 * `len(attempt.error_rows)` where `attempt` is a mapped object and `error_rows` a relationship of its class that
 * loads as a list (declared a list, or not declared either way: `len()` says it is one), and nothing near reads that
 * collection for anything else (iterating it as well makes the load worth it).
 */
function loadedCollection(ctx: FileContext, arg: PyNode, scope: Scope, fn: FunctionInfo): { name: string; owner: string; target: string | null } | null {
  const a = unparen(arg);
  if (a.type !== 'attribute') return null;
  const object = fieldOf(a, 'object');
  const attr = fieldOf(a, 'attribute');
  if (!object || !attr) return null;
  // A mapped class's own property (`len(self.users)`) serves whoever loaded the object: the query that listed the
  // objects decides whether the collection came with them, not the property.
  if (object.type === 'identifier' && /^(self|cls)$/.test(ctx.model.file.text(object))) return null;
  const v = ctx.an.infer.valueOf(object, scope);
  if (v?.t !== 'obj') return null;
  const name = ctx.model.file.text(attr);
  const rel = [v.cls, ...ctx.an.baseClasses(v.cls)].map((c) => ormModelOf(c)?.relationships.get(name)).find(Boolean);
  // `len()` of an untyped `relationship("Row")` says it is a collection: only a declared scalar is not one.
  if (!rel || rel.scalar || (rel.lazy && NO_LIST.has(rel.lazy.replace(/["']/g, '')))) return null;
  const text = ctx.model.file.text(a);
  const body = fn.body ? ctx.model.file.text(fn.body) : '';
  // The module walks that collection too (`for p in incident.participants:` in the cost it computes next): it is
  // loaded for that work, and counting the loaded list costs no query of its own.
  if (new RegExp(`\\bin\\s+[\\w.]+\\.${name}\\s*[:)\\]]`).test(ctx.model.file.source)) return null;
  const uses = body.match(new RegExp(`${escapeRegExp(text)}(?!\\w)`, 'g'))?.length ?? 0;
  if (uses > 1) return null;
  return { name, owner: v.cls.name, target: rel.target };
}

export const rule: PythonRule = {
  meta,
  check(ctx) {
    for (const call of ctx.model.calls) {
      if (call.name !== 'len' || !call.fn || !ctx.touches(call.node) || isOneOffCode(call.fn, ctx.model)) continue;
      const arg = positional(call.node, 0);
      if (!arg) continue;
      const loaded = loadedCollection(ctx, arg, call.scope, call.fn);
      if (loaded) {
        ctx.report(meta, {
          node: call.node,
          message:
            `\`len(${ctx.model.file.text(arg)})\` loads every ${loaded.target ? `\`${loaded.target}\` ` : ''}row of the \`${loaded.name}\` relationship of a ` +
            `\`${loaded.owner}\` just to count them (a query and all its rows for each object this runs for). Count in the database ` +
            '(`select(func.count()).where(Child.parent_id == obj.id)`, or a `column_property` / `query_expression` count loaded with the list).',
        });
        continue;
      }
      const rows = resultOf(ctx.an, arg, call.scope);
      // One person's own rows (their organisations, their keys) are a handful: counting them in Python costs nothing.
      if (!rows || !rows.many || rows.stmt.limited || rows.stmt.aggregate || rows.stmt.ownRows) continue;
      // A narrow raw / PostgREST filter usually matches a handful of rows; an ORM entity list or an
      // unfiltered query is the costly case.
      if (rows.stmt.filtered && (rows.stmt.kind === 'raw' || rows.stmt.kind === 'supabase')) continue;
      // A variable that is also used for something else (iterated, returned) is not loaded only to count.
      const a = unparen(arg);
      if (a.type === 'identifier') {
        const uses = refsOf(call.fn, ctx.model.file.text(a)).filter((r) => r !== a);
        if (uses.length) continue;
      }
      ctx.report(meta, {
        node: call.node,
        message:
          'Every matching row is fetched just to count it with `len(...)`. Count in the database instead ' +
          '(`select(func.count()).select_from(...)` / `SELECT count(*)` / `count="exact", head=True`).',
      });
    }
  },
};

