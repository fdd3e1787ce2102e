import type { RuleMeta } from '../../../../catalog/rule-meta.js';

/** Rule metadata lives in the catalogue (./catalog/), which imports no engine code. */
export type { RuleMeta } from '../../../../catalog/rule-meta.js';

/**
 * The one shape of a static rule, Python or SQL: its catalogue entry and a check over what its
 * engine knows (`Ctx`: one changed Python module's model, or the replayed schema and the changed
 * statements). `Out` is what the check hands back: the Python rules report through their context,
 * the SQL rules return reports on statements.
 */
export interface StaticRule<Ctx, Out = void> {
  meta: RuleMeta;
  check(ctx: Ctx): Out;
}
