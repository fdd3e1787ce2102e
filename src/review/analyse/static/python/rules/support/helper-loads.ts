import { fieldOf, unparen, type PyNode } from '../../syntax/py-node.js';
import type { Analysis } from '../../knowledge/analysis.js';
import { chainTop, resultOf, type QueryResult } from '../../knowledge/queries.js';
import type { CallInfo, FunctionInfo } from '../../model/types.js';
import { reads } from '../../model/refs.js';

/** Arguments that hand the caller's identity along: the helper may filter by it. */
const OWNER_ARGUMENT = /user|owner|account|member|tenant|holder|patron|customer|principal|caller|current|me\b/i;
const QUERY_NAMES = new Set(['execute', 'scalars', 'scalar', 'get', 'get_one', 'fetch', 'fetchrow', 'fetchval', 'first', 'one', 'one_or_none', 'exec']);
const MAX_DEPTH = 2;

export interface HelperLoad {
  helper: FunctionInfo;
  rows: QueryResult;
}

/**
 * The single-object query a project function runs with the value the caller passes for `id`
 * (`claims_repo.get_claim(session, claim_id)` -> `session.get(Claim, claim_id)`), following the value
 * through at most two helpers. Null when the helper also receives the caller's identity (an argument named for it,
 * or one of `principals`, the names the route holds it in) and reads it.
 */
export function helperLoadById(an: Analysis, call: CallInfo, id: string, depth = 0, principals: readonly string[] = []): HelperLoad | null {
  const helper = an.calledFunction(call);
  if (!helper || helper === call.fn || depth >= MAX_DEPTH) return null;
  const file = call.scope.module.file;
  const args = fieldOf(call.node, 'arguments')?.children ?? [];
  const mention = new RegExp(`\\b${id}\\b`);
  // Handed the caller's identity (by its name, or the route's own principal: `auth=auth`), the helper may scope the
  // query by it or check access after loading, unless it never reads it.
  const principal = (a: PyNode) => principals.includes(file.text(unparen(fieldOf(a, 'value') ?? a)));
  const ownerArgs = args.filter((a) => !mention.test(file.text(a)) && (OWNER_ARGUMENT.test(file.text(a)) || principal(a)));
  if (ownerArgs.some((a) => { const p = receivingParamOf(helper, call, a); return !p || reads(helper, p); })) return null;
  const param = receivingParam(helper, call, id);
  if (!param) return null;
  for (const c of helper.calls) {
    if (QUERY_NAMES.has(c.name)) {
      const rows = resultOf(an, c.node, c.scope);
      if (rows && rows.exec === c.node && rows.stmt.kind !== 'supabase' && new RegExp(`\\b${param}\\b`).test(helper.module.file.text(c.node))) {
        const many = resultOf(an, chainTop(c.node), c.scope)?.many ?? rows.many;
        return many ? null : { helper, rows };
      }
    }
    if (an.mayBeProjectFunction(c.name)) {
      const inner = helperLoadById(an, c, param, depth + 1);
      if (inner) return { helper, rows: inner.rows };
    }
  }
  return null;
}

/** The helper parameter that receives one argument node of the call (positional or keyword). */
function receivingParamOf(helper: FunctionInfo, call: CallInfo, arg: PyNode): string | null {
  const file = call.scope.module.file;
  if (arg.type === 'keyword_argument') return file.text(fieldOf(arg, 'name')!);
  const params = helper.params.filter((p) => !p.star);
  const offset = helper.cls && params[0] && /^(self|cls)$/.test(params[0].name) && unparen(call.callee).type === 'attribute' ? 1 : 0;
  let index = 0;
  for (const a of fieldOf(call.node, 'arguments')?.children ?? []) {
    if (a.type === 'keyword_argument' || a.type === 'list_splat' || a.type === 'dictionary_splat') continue;
    if (a === arg) return params[index + offset]?.name ?? null;
    index++;
  }
  return null;
}

/** The helper parameter that receives the argument mentioning `id` (positional or keyword). */
function receivingParam(helper: FunctionInfo, call: CallInfo, id: string): string | null {
  const file = call.scope.module.file;
  const mention = new RegExp(`\\b${id}\\b`);
  const params = helper.params.filter((p) => !p.star);
  // A method called on an instance or the class's own `self` skips its first parameter.
  const offset = helper.cls && params[0] && /^(self|cls)$/.test(params[0].name) && unparen(call.callee).type === 'attribute' ? 1 : 0;
  let index = 0;
  for (const a of fieldOf(call.node, 'arguments')?.children ?? []) {
    if (a.type === 'comment' || a.type === 'list_splat' || a.type === 'dictionary_splat') continue;
    if (a.type === 'keyword_argument') {
      const value = fieldOf(a, 'value');
      if (value && mention.test(file.text(value)) && isPlainValue(value)) return file.text(fieldOf(a, 'name')!);
      continue;
    }
    if (mention.test(file.text(a)) && isPlainValue(a)) return params[index + offset]?.name ?? null;
    index++;
  }
  return null;
}

/** The id itself (or a conversion of it), not an expression that merely mentions it. */
function isPlainValue(node: PyNode): boolean {
  const n = unparen(node);
  return n.type === 'identifier' || n.type === 'call' || n.type === 'attribute';
}
